using System.Diagnostics;
using CoroGen.CompilerServices;

namespace CoroGen.Sync;

/// <summary>
/// A mutual-exclusion lock for tasks on one loop (asyncio's <c>Lock</c>), fair: a released lock
/// goes to the longest waiter, never to a task that arrives later.
/// <code>
/// using (await myLock.Acquire())
/// {
///     // one task at a time here
/// }
/// </code>
/// </summary>
/// <remarks>
/// Not reentrant and not owned: like asyncio's, any task may call <see cref="Release"/>.
/// Release hands the lock straight to the first waiter (it never looks unlocked in between),
/// and a waiter cancelled after that hand-over passes the lock on before it raises
/// <see cref="CancelledError"/>. Acquiring and releasing allocate nothing.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncLock
{
    private readonly Waiters _waiters = new();
    private bool _locked;

    /// <summary>True while some task holds the lock (or it was handed to a waiter that has not run yet).</summary>
    public bool Locked => _locked;

    /// <summary>Waits until the lock is free and takes it; dispose the result to release it.</summary>
    public Awaitable Acquire() => new(this);

    /// <summary>Releases the lock, handing it to the longest waiter if there is one.</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void Release()
    {
        if (!_locked)
        {
            throw new InvalidOperationException("Cannot release an AsyncLock that is not acquired.");
        }

        if (!_waiters.GrantFirst())
        {
            _locked = false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"<AsyncLock {(_locked ? "locked" : "unlocked")}{(_waiters.Count > 0 ? $" waiters={_waiters.Count}" : "")}>";

    /// <summary>Releases the lock when disposed: the <c>using</c> form of <c>async with lock:</c>.</summary>
    public readonly struct Releaser : IDisposable
    {
        private readonly AsyncLock? _lock;

        internal Releaser(AsyncLock owner) => _lock = owner;

        /// <summary>Releases the lock.</summary>
        public void Dispose() => _lock?.Release();
    }

    /// <summary>The awaitable returned by <see cref="Acquire"/>.</summary>
    public readonly struct Awaitable(AsyncLock owner)
    {
        /// <summary>Gets the awaiter.</summary>
        public Awaiter GetAwaiter() => new(owner);
    }

    /// <summary>Awaits the lock.</summary>
    public readonly struct Awaiter : ICoroAwaiter
    {
        private readonly AsyncLock _lock;

        internal Awaiter(AsyncLock owner) => _lock = owner;

        /// <summary>True when the lock is free and nobody queues for it.</summary>
        public bool IsCompleted => !_lock._locked && _lock._waiters.Count == 0;

        /// <summary>Holds the lock and returns its releaser; raises <see cref="CancelledError"/> if cancelled while waiting.</summary>
        public Releaser GetResult()
        {
            var task = TaskBox.Current;
            var granted = _lock._waiters.TakeGrant(task, out var cancelled);
            if (cancelled)
            {
                if (granted)
                {
                    _lock.Release();
                }

                task!.ThrowIfCancelDelivered();
            }

            if (!granted)
            {
                _lock._locked = true;
            }

            return new Releaser(_lock);
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => TaskBox.CurrentOrThrow().SuspendBuilder(continuation, this);

        /// <inheritdoc />
        public void Suspend(TaskBox task) => _lock._waiters.Suspend(task);
    }
}
