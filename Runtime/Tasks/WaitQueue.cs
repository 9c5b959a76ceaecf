using System.ComponentModel;

namespace CoroGen;

/// <summary>
/// An intrusive FIFO of suspended tasks, threaded through the task boxes themselves: the wait
/// list that locks, events, semaphores and queues keep. Adding, removing from the middle (a
/// cancelled waiter) and waking the first are O(1) and allocate nothing.
/// </summary>
/// <remarks>
/// Ground rules: loop thread only. A task waits on one thing at a time, so it is in at most one
/// wait queue at a time; <see cref="TaskBox.WaitNext"/>/<see cref="TaskBox.WaitPrevious"/> are its
/// links. A mutable struct: keep it in a field and never copy it.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct WaitQueue
{
    private TaskBox? _head;
    private TaskBox? _tail;

    /// <summary>The number of waiting tasks.</summary>
    public int Count { get; private set; }

    /// <summary>The longest waiter, or <see langword="null"/>.</summary>
    public readonly TaskBox? First => _head;

    /// <summary>Appends <paramref name="task"/>.</summary>
    /// <exception cref="InvalidOperationException">The task is already in a wait queue.</exception>
    public void Enqueue(TaskBox task)
    {
        if (task.InWaitQueue)
        {
            throw new InvalidOperationException("A task can wait in only one wait queue at a time.");
        }

        task.InWaitQueue = true;
        task.WaitPrevious = _tail;
        task.WaitNext = null;
        if (_tail is null)
        {
            _head = task;
        }
        else
        {
            _tail.WaitNext = task;
        }

        _tail = task;
        Count++;
    }

    /// <summary>Removes and returns the longest waiter, or <see langword="null"/> when empty.</summary>
    public TaskBox? Dequeue()
    {
        var head = _head;
        if (head is not null)
        {
            Remove(head);
        }

        return head;
    }

    /// <summary>
    /// Removes <paramref name="task"/> if it waits here; returns whether it did. Call it only on the
    /// queue the task was added to (or with a task in no queue): the links do not name their queue.
    /// </summary>
    public bool Remove(TaskBox task)
    {
        if (!task.InWaitQueue || (task.WaitPrevious is null && !ReferenceEquals(_head, task)))
        {
            return false;
        }

        if (task.WaitPrevious is null)
        {
            _head = task.WaitNext;
        }
        else
        {
            task.WaitPrevious.WaitNext = task.WaitNext;
        }

        if (task.WaitNext is null)
        {
            _tail = task.WaitPrevious;
        }
        else
        {
            task.WaitNext.WaitPrevious = task.WaitPrevious;
        }

        task.WaitNext = null;
        task.WaitPrevious = null;
        task.InWaitQueue = false;
        Count--;
        return true;
    }
}
