using System.Diagnostics;
using System.Runtime.ExceptionServices;
using CoroGen.CompilerServices;

namespace CoroGen.Sync;

/// <summary>
/// A condition variable for tasks on one loop (asyncio's <c>Condition</c>): an
/// <see cref="AsyncLock"/> plus a list of tasks waiting to be notified. Hold the lock, check the
/// state, <see cref="Wait"/> if it is not ready; whoever changes the state notifies.
/// <code>
/// using (await condition.Acquire())
/// {
///     await condition.WaitFor(() => queue.Count > 0);
///     var item = queue.Dequeue();
/// }
/// </code>
/// </summary>
/// <remarks>
/// <para>Invariants: <see cref="Wait"/>, <see cref="Notify"/> and <see cref="NotifyAll"/> need
/// the lock held (by any task: the lock is not owned); a task returning from <see cref="Wait"/>
/// holds the lock again. Notifications wake waiters in the order they started waiting, and a
/// notification is not remembered: it wakes only the tasks waiting at the time. Several
/// conditions may share one lock. Spurious wake-ups are allowed, as in asyncio: recheck the
/// state after <see cref="Wait"/>, or use <see cref="WaitFor"/>.</para>
/// <para>Cancellation: <see cref="Wait"/> re-acquires the lock before it raises
/// <see cref="CancelledError"/>, so the caller's <c>using</c> block still releases a held lock.
/// A waiter cancelled after it was notified (while waiting to run, or while re-acquiring the
/// lock) passes its notification on to the next waiter, as asyncio 3.13 does, so no wake-up is
/// lost.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncCondition
{
    private readonly Waiters _waiters = new();

    /// <summary>Creates a condition over <paramref name="lock"/>, or over a new lock of its own.</summary>
    /// <param name="lock">A lock to share with other conditions, or <see langword="null"/>.</param>
    public AsyncCondition(AsyncLock? @lock = null) => Lock = @lock ?? new AsyncLock();

    /// <summary>The underlying lock.</summary>
    public AsyncLock Lock { get; }

    /// <summary>True while some task holds the underlying lock.</summary>
    public bool Locked => Lock.Locked;

    /// <summary>The number of tasks waiting to be notified.</summary>
    internal int WaiterCount => _waiters.Count;

    /// <summary>Acquires the underlying lock; dispose the result to release it.</summary>
    public AsyncLock.Awaitable Acquire() => Lock.Acquire();

    /// <summary>Releases the underlying lock.</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void Release() => Lock.Release();

    /// <summary>
    /// Releases the lock, waits until notified, and re-acquires the lock before returning true
    /// (asyncio's <c>wait()</c>). If cancelled, it still re-acquires the lock, then raises
    /// <see cref="CancelledError"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The lock is not held ("cannot wait on un-acquired lock").</exception>
    /// <exception cref="CancelledError">The task was cancelled; the lock is held again.</exception>
    public async Coro<bool> Wait()
    {
        if (!Lock.Locked)
        {
            throw new InvalidOperationException("cannot wait on un-acquired lock");
        }

        Lock.Release();
        CancelledError? cancelled = null;
        var notified = false;
        try
        {
            await new NotifyAwaitable(this);
            notified = true;
        }
        catch (CancelledError e)
        {
            // A notification handed to us has already been passed on by the awaiter.
            cancelled = e;
        }

        while (true)
        {
            try
            {
                // The releaser is dropped on purpose: the caller holds the lock again.
                _ = await Lock.Acquire();
                break;
            }
            catch (CancelledError e)
            {
                cancelled = e;
            }
        }

        if (cancelled is not null)
        {
            if (notified)
            {
                // Notified, then cancelled while re-acquiring the lock: the wake-up goes to someone else.
                _waiters.GrantFirst();
            }

            ExceptionDispatchInfo.Throw(cancelled);
        }

        return true;
    }

    /// <summary>
    /// Waits until <paramref name="predicate"/> is true, checking it first and after each
    /// notification; returns its last value (asyncio's <c>wait_for()</c>). The lock must be held.
    /// </summary>
    /// <param name="predicate">The state to wait for, evaluated with the lock held.</param>
    /// <exception cref="InvalidOperationException">The predicate is false and the lock is not held.</exception>
    /// <exception cref="CancelledError">The task was cancelled; the lock is held again.</exception>
    public async Coro<bool> WaitFor(Func<bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var result = predicate();
        while (!result)
        {
            await Wait();
            result = predicate();
        }

        return result;
    }

    /// <summary>Wakes up to <paramref name="n"/> waiting tasks, longest waiting first.</summary>
    /// <param name="n">How many waiters to wake; 0 or less wakes none.</param>
    /// <exception cref="InvalidOperationException">The lock is not held ("cannot notify on un-acquired lock").</exception>
    public void Notify(int n = 1)
    {
        if (!Lock.Locked)
        {
            throw new InvalidOperationException("cannot notify on un-acquired lock");
        }

        for (var i = 0; i < n && _waiters.GrantFirst(); i++)
        {
        }
    }

    /// <summary>Wakes every waiting task.</summary>
    /// <exception cref="InvalidOperationException">The lock is not held ("cannot notify on un-acquired lock").</exception>
    public void NotifyAll() => Notify(_waiters.Count);

    /// <inheritdoc />
    public override string ToString() => $"<AsyncCondition {(Lock.Locked ? "locked" : "unlocked")}{(_waiters.Count > 0 ? $" waiters={_waiters.Count}" : "")}>";

    /// <summary>The wait for a notification inside <see cref="Wait"/>.</summary>
    private readonly struct NotifyAwaitable(AsyncCondition owner)
    {
        public NotifyAwaiter GetAwaiter() => new(owner);
    }

    private readonly struct NotifyAwaiter : ICoroAwaiter
    {
        private readonly AsyncCondition _condition;

        internal NotifyAwaiter(AsyncCondition owner) => _condition = owner;

        /// <summary>Never: a notification only wakes tasks already waiting.</summary>
        public bool IsCompleted => false;

        /// <summary>Returns once notified; if cancelled, passes a notification it got on, then raises.</summary>
        public void GetResult()
        {
            var task = TaskBox.Current;
            var granted = _condition._waiters.TakeGrant(task, out var cancelled);
            if (cancelled)
            {
                if (granted)
                {
                    _condition._waiters.GrantFirst();
                }

                task!.ThrowIfCancelDelivered();
            }
        }

        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        public void UnsafeOnCompleted(Action continuation) => TaskBox.CurrentOrThrow().SuspendBuilder(continuation, this);

        public void Suspend(TaskBox task) => _condition._waiters.Suspend(task);
    }
}
