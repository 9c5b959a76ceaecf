namespace CoroGen.Loop;

/// <summary>
/// A callback scheduled for a loop time by <see cref="EventLoop.CallLater(TimeSpan, Action)"/> or
/// <see cref="EventLoop.CallAt(double, Action)"/> (asyncio's <c>TimerHandle</c>).
/// </summary>
public sealed class TimerHandle : Handle
{
    private readonly long _deadline;
    private bool _fired;

    private TimerHandle(EventLoop loop, long deadline, Delegate callback, object? state, Action<Delegate, object?>? invoker)
        : base(loop, callback, state, invoker) => _deadline = deadline;

    internal static TimerHandle Create(EventLoop loop, long deadline, Action callback) => new(loop, deadline, callback, null, null);

    internal static TimerHandle Create<TState>(EventLoop loop, long deadline, Action<TState> callback, TState state) =>
        new(loop, deadline, callback, state, StateInvoker<TState>.Instance);

    /// <summary>The absolute loop time, in seconds on <see cref="EventLoop.Time"/>'s clock, when the callback is due.</summary>
    public double When => _loop.TicksToSeconds(_deadline);

    internal long Deadline => _deadline;

    /// <summary>Marks the timer as fired so a late <see cref="Cancel"/> is not counted as a dead heap entry.</summary>
    internal void MarkFired() => _fired = true;

    /// <inheritdoc />
    public override void Cancel()
    {
        if (!Cancelled && !_fired)
        {
            _loop.OnTimerCancelled();
        }

        base.Cancel();
    }
}
