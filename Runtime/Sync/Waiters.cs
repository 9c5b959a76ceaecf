using CoroGen.Futures;

namespace CoroGen.Sync;

/// <summary>
/// A FIFO of tasks suspended on one condition of a primitive (asyncio's <c>_waiters</c> deque),
/// with the hand-over protocol every lock, event, semaphore and queue uses.
/// </summary>
/// <remarks>
/// <para>Ground rules: loop thread only; the tasks themselves are the list nodes (see
/// <see cref="WaitQueue"/>), so waiting allocates nothing.</para>
/// <para>A waiter leaves the list in one of two ways. <see cref="GrantFirst"/> (or
/// <see cref="GrantAll"/>) dequeues it, marks it with <see cref="TaskBox.Grant"/> and wakes it:
/// whatever the primitive handed over (the lock, a permit, a wake-up) now belongs to it. A
/// cancellation removes it instead, and its await raises <see cref="CancelledError"/> with
/// nothing handed over. The race between the two, a waiter cancelled after its grant but before
/// it runs, ends in the awaiter's <c>GetResult</c>: <see cref="TakeGrant"/> tells it a grant
/// is being refused, and the primitive passes it on (releases the lock, returns the permit,
/// wakes the next getter) before the cancellation is raised. Nothing is lost or leaked.</para>
/// </remarks>
internal sealed class Waiters : IWaitSource
{
    private WaitQueue _queue;

    public int Count => _queue.Count;

    /// <summary>Suspends <paramref name="task"/> at the back of the list.</summary>
    public void Suspend(TaskBox task)
    {
        _queue.Enqueue(task);
        task.SuspendOn(this);
    }

    /// <summary>Hands the condition to the longest waiter; false when nobody waits.</summary>
    public bool GrantFirst()
    {
        var task = _queue.Dequeue();
        if (task is null)
        {
            return false;
        }

        task.Grant = this;
        task.Wake();
        return true;
    }

    /// <summary>Hands the condition to every waiter, in order.</summary>
    public void GrantAll()
    {
        while (GrantFirst())
        {
        }
    }

    /// <summary>
    /// For an awaiter's <c>GetResult</c>: whether this list granted the current task (clearing
    /// the mark), and whether a cancellation is to be raised instead. When both are true the
    /// caller must pass the grant on, then call <see cref="TaskBox.ThrowIfCancelDelivered"/>.
    /// </summary>
    public bool TakeGrant(TaskBox? task, out bool cancelled)
    {
        cancelled = task is not null && task.CancelIsDelivered;
        if (task is not null && ReferenceEquals(task.Grant, this))
        {
            task.Grant = null;
            return true;
        }

        return false;
    }

    bool IWaitSource.CancelWait(TaskBox task, string? message)
    {
        if (!_queue.Remove(task))
        {
            // Already granted and waiting to run: the cancellation is raised when it runs, and
            // TakeGrant makes the primitive pass the grant on.
            return false;
        }

        task.DeliverCancel();
        task.Wake();
        return true;
    }
}
