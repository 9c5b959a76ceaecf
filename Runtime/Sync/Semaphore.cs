using System.Diagnostics;
using CoroGen.CompilerServices;

namespace CoroGen.Sync;

/// <summary>
/// A counter of permits for tasks on one loop (asyncio's <c>Semaphore</c>): <see cref="Acquire"/>
/// takes a permit, waiting while there is none; <see cref="Release"/> gives one back. Fair: a
/// released permit goes to the longest waiter, never to a task that arrives later.
/// <code>
/// using (await semaphore.Acquire())
/// {
///     // at most N tasks here
/// }
/// </code>
/// </summary>
/// <remarks>
/// <para>Invariants: <see cref="Value"/> is never negative, and it is 0 while any task waits
/// (a permit released with waiters goes straight to the first of them, so the count never shows
/// it). Like asyncio's, a plain semaphore may be released more often than it was acquired, which
/// raises <see cref="Value"/> above its initial value; <see cref="AsyncBoundedSemaphore"/>
/// forbids that.</para>
/// <para>Cancellation: a waiter cancelled while queued leaves the queue and raises
/// <see cref="CancelledError"/> with nothing taken; a waiter cancelled after a permit was handed
/// to it, but before it ran, releases that permit (to the next waiter, if any) before it raises.
/// No permit is lost or leaked. Acquiring and releasing allocate nothing.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public class AsyncSemaphore
{
    private readonly Waiters _waiters = new();
    private readonly int _bound;
    private int _value;

    /// <summary>Creates a semaphore holding <paramref name="value"/> permits.</summary>
    /// <param name="value">The initial number of permits; 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public AsyncSemaphore(int value = 1)
        : this(value, bounded: false)
    {
    }

    /// <summary>Creates a semaphore; a bounded one refuses to be released above <paramref name="value"/>.</summary>
    private protected AsyncSemaphore(int value, bool bounded)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        _value = value;
        _bound = bounded ? value : -1;
    }

    /// <summary>
    /// True when <see cref="Acquire"/> would wait: no permit is left, or tasks already queue for
    /// one (asyncio's <c>locked()</c>).
    /// </summary>
    public bool Locked => _value == 0 || _waiters.Count > 0;

    /// <summary>The number of permits available now.</summary>
    public int Value => _value;

    /// <summary>Takes a permit, waiting in line while there is none; dispose the result to give it back.</summary>
    public Awaitable Acquire() => new(this);

    /// <summary>Gives a permit back, handing it to the longest waiter if there is one.</summary>
    /// <exception cref="InvalidOperationException">
    /// A bounded semaphore would go above its initial value ("BoundedSemaphore released too many times").
    /// </exception>
    public void Release()
    {
        if (_bound >= 0 && _value >= _bound)
        {
            throw new InvalidOperationException("BoundedSemaphore released too many times");
        }

        if (!_waiters.GrantFirst())
        {
            _value++;
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"<{GetType().Name} {(Locked ? "locked" : "unlocked")} value={_value}{(_bound >= 0 ? $"/{_bound}" : "")}{(_waiters.Count > 0 ? $" waiters={_waiters.Count}" : "")}>";

    /// <summary>Gives the permit back when disposed: the <c>using</c> form of <c>async with semaphore:</c>.</summary>
    public readonly struct Releaser : IDisposable
    {
        private readonly AsyncSemaphore? _semaphore;

        internal Releaser(AsyncSemaphore owner) => _semaphore = owner;

        /// <summary>Releases the permit.</summary>
        public void Dispose() => _semaphore?.Release();
    }

    /// <summary>The awaitable returned by <see cref="Acquire"/>.</summary>
    public readonly struct Awaitable(AsyncSemaphore owner)
    {
        /// <summary>Gets the awaiter.</summary>
        public Awaiter GetAwaiter() => new(owner);
    }

    /// <summary>Awaits a permit.</summary>
    public readonly struct Awaiter : ICoroAwaiter
    {
        private readonly AsyncSemaphore _semaphore;

        internal Awaiter(AsyncSemaphore owner) => _semaphore = owner;

        /// <summary>True when a permit is free and nobody queues for one.</summary>
        public bool IsCompleted => !_semaphore.Locked;

        /// <summary>Holds a permit and returns its releaser; raises <see cref="CancelledError"/> if cancelled while waiting.</summary>
        public Releaser GetResult()
        {
            var task = TaskBox.Current;
            var granted = _semaphore._waiters.TakeGrant(task, out var cancelled);
            if (cancelled)
            {
                if (granted)
                {
                    _semaphore.Release();
                }

                task!.ThrowIfCancelDelivered();
            }

            if (!granted)
            {
                _semaphore._value--;
            }

            return new Releaser(_semaphore);
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => TaskBox.CurrentOrThrow().SuspendBuilder(continuation, this);

        /// <inheritdoc />
        public void Suspend(TaskBox task) => _semaphore._waiters.Suspend(task);
    }
}
