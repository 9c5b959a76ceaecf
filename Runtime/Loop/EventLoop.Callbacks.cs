using CoroGen.Loop;

namespace CoroGen;

/// <summary>Scheduling callbacks: <c>call_soon</c>, <c>call_later</c>, <c>call_at</c> and <c>call_soon_threadsafe</c>.</summary>
public sealed partial class EventLoop
{
    /// <summary>Schedules <paramref name="callback"/> to run on the next iteration, after callbacks already scheduled (FIFO).</summary>
    /// <exception cref="InvalidOperationException">The loop is closed.</exception>
    public Handle CallSoon(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        CheckThread();
        ThrowIfClosed();
        var handle = Handle.Create(this, callback);
        _ready.Enqueue(handle);
        return handle;
    }

    /// <summary>Schedules <paramref name="callback"/> with <paramref name="state"/>; avoids a closure allocation.</summary>
    /// <exception cref="InvalidOperationException">The loop is closed.</exception>
    public Handle CallSoon<TState>(Action<TState> callback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        CheckThread();
        ThrowIfClosed();
        var handle = Handle.Create(this, callback, state);
        _ready.Enqueue(handle);
        return handle;
    }

    /// <summary>Schedules <paramref name="callback"/> to run after <paramref name="delay"/> (zero or negative: next iteration).</summary>
    /// <exception cref="InvalidOperationException">The loop is closed.</exception>
    public TimerHandle CallLater(TimeSpan delay, Action callback) => CallAtTicks(DeadlineAfter(delay), callback);

    /// <summary>Schedules <paramref name="callback"/> with <paramref name="state"/> after <paramref name="delay"/>.</summary>
    public TimerHandle CallLater<TState>(TimeSpan delay, Action<TState> callback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        CheckThread();
        ThrowIfClosed();
        var handle = TimerHandle.Create(this, DeadlineAfter(delay), callback, state);
        _timers.Push(handle.Deadline, handle, 0);
        return handle;
    }

    /// <summary>
    /// Schedules <paramref name="callback"/> at loop time <paramref name="when"/> (seconds on <see cref="Time"/>'s clock).
    /// Timers due at the same time run in the order they were scheduled; a time in the past runs on the next iteration.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="when"/> is NaN.</exception>
    public TimerHandle CallAt(double when, Action callback)
    {
        if (double.IsNaN(when))
        {
            throw new ArgumentException("The time must be a number, not NaN.", nameof(when));
        }

        return CallAtTicks(SecondsToTicks(when), callback);
    }

    private TimerHandle CallAtTicks(long deadline, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        CheckThread();
        ThrowIfClosed();
        var handle = TimerHandle.Create(this, deadline, callback);
        _timers.Push(deadline, handle, 0);
        return handle;
    }

    /// <summary>
    /// Schedules <paramref name="callback"/> from any thread and wakes the loop at once if it is
    /// waiting (asyncio's <c>call_soon_threadsafe</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is closed.</exception>
    public Handle CallSoonThreadSafe(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ThrowIfClosed();
        var handle = Handle.Create(this, callback);
        PostThreadSafe(handle);
        return handle;
    }

    /// <summary>Schedules <paramref name="callback"/> with <paramref name="state"/> from any thread.</summary>
    /// <exception cref="InvalidOperationException">The loop is closed.</exception>
    public Handle CallSoonThreadSafe<TState>(Action<TState> callback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ThrowIfClosed();
        var handle = Handle.Create(this, callback, state);
        PostThreadSafe(handle);
        return handle;
    }
}
