using System.Diagnostics;
using CoroGen.Loop;

namespace CoroGen;

/// <summary>
/// A deadline over a block of coroutine code (asyncio's <c>Timeout</c>, made by
/// <see cref="Coro.Timeout(TimeSpan?)"/> and <see cref="Coro.TimeoutAt(double?)"/>).
/// </summary>
/// <remarks>
/// <para>asyncio writes <c>async with asyncio.timeout(5): await body()</c>. C# cannot see the
/// exception leaving a <c>using</c> block, which the conversion needs, so CoroGen wraps the block:
/// <c>await Coro.Timeout(5).Run(Body())</c>, or the shortcut <c>await Coro.Timeout(delay, Body())</c>.
/// Because coroutines are cold, the body may take the timeout as an argument and call
/// <see cref="Reschedule"/> from inside.</para>
/// <para>On expiry the timeout cancels the current task; when that cancellation leaves the block
/// as <see cref="CancelledError"/>, it becomes a <see cref="TimeoutException"/>, catchable
/// only outside. Cancellations from elsewhere pass through unchanged (the task's cancel count
/// decides, as asyncio's <c>uncancel</c> does). States: Created → Entered → Expiring → Expired, or Entered → Exited.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class CoroTimeout
{
    private readonly EventLoop _loop;
    private State _state;
    private double? _when;
    private TimerHandle? _timer;
    private TaskBox? _task;
    private int _cancellingAtEntry;

    internal CoroTimeout(EventLoop loop, double? when)
    {
        _loop = loop;
        _when = when;
    }

    private enum State
    {
        Created,
        Entered,
        Expiring,
        Expired,
        Exited,
    }

    /// <summary>The deadline in loop time (seconds), or <see langword="null"/> for none.</summary>
    public double? When => _when;

    /// <summary>True once the deadline passed while the block ran.</summary>
    public bool Expired => _state is State.Expiring or State.Expired;

    /// <summary>Moves the deadline; <see langword="null"/> disarms it. A time in the past expires on the next loop iteration.</summary>
    /// <exception cref="InvalidOperationException">The timeout is not running its block, or already expired.</exception>
    public void Reschedule(double? when)
    {
        switch (_state)
        {
            case State.Created:
                throw new InvalidOperationException("This timeout has not been entered: reschedule it from inside the block it runs.");
            case State.Entered:
                break;
            default:
                throw new InvalidOperationException($"Cannot change the deadline of a timeout that is {_state}.");
        }

        _when = when;
        _timer?.Cancel();
        _timer = null;
        if (when is { } deadline)
        {
            _timer = deadline <= _loop.Time
                ? TimerAtNextIteration()
                : _loop.CallAt(deadline, OnTimeout);
        }
    }

    /// <summary>Runs <paramref name="body"/> under this deadline and returns its result.</summary>
    /// <exception cref="TimeoutException">The deadline passed before the body finished.</exception>
    /// <exception cref="InvalidOperationException">The timeout was already used.</exception>
    public async Coro<T> Run<T>(Coro<T> body)
    {
        Enter();
        T result;
        try
        {
            result = await body;
        }
        catch (CancelledError e)
        {
            if (Leave())
            {
                throw new TimeoutException($"The operation did not finish before its deadline (loop time {_when:0.###}).", e);
            }

            throw;
        }
        catch
        {
            Leave();
            throw;
        }

        Leave();
        return result;
    }

    /// <summary>Runs <paramref name="body"/> under this deadline.</summary>
    /// <exception cref="TimeoutException">The deadline passed before the body finished.</exception>
    public async Coro Run(Coro body) => await Run(body.Inner);

    /// <inheritdoc />
    public override string ToString() => $"<Timeout {_state} when={_when?.ToString("0.###") ?? "none"}>";

    private void Enter()
    {
        if (_state != State.Created)
        {
            throw new InvalidOperationException("This timeout has already been used: make a new one for each block.");
        }

        _task = TaskBox.CurrentOrThrow();
        _state = State.Entered;
        _cancellingAtEntry = _task.CancelRequests;
        Reschedule(_when);
    }

    /// <summary>Ends the block; true when this timeout's own expiry should become a <see cref="TimeoutException"/>.</summary>
    private bool Leave()
    {
        _timer?.Cancel();
        _timer = null;
        if (_state == State.Expiring)
        {
            _state = State.Expired;
            return _task!.Uncancel() <= _cancellingAtEntry;
        }

        if (_state == State.Entered)
        {
            _state = State.Exited;
        }

        return false;
    }

    private TimerHandle TimerAtNextIteration() => _loop.CallLater(TimeSpan.Zero, OnTimeout);

    private void OnTimeout()
    {
        _timer = null;
        if (_state != State.Entered)
        {
            return;
        }

        _task!.Cancel(null);
        _state = State.Expiring;
    }
}

public readonly partial struct Coro
{
    /// <summary>A timeout <paramref name="delay"/> from now (asyncio's <c>timeout</c>); <see langword="null"/> means no deadline.</summary>
    /// <exception cref="InvalidOperationException">No loop runs on this thread.</exception>
    public static CoroTimeout Timeout(TimeSpan? delay)
    {
        var loop = EventLoop.GetRunningLoop();
        return new CoroTimeout(loop, delay is { } d ? loop.Time + Math.Max(d.TotalSeconds, 0) : null);
    }

    /// <summary>A timeout at loop time <paramref name="when"/> (asyncio's <c>timeout_at</c>); <see langword="null"/> means no deadline.</summary>
    /// <exception cref="InvalidOperationException">No loop runs on this thread.</exception>
    public static CoroTimeout TimeoutAt(double? when) => new(EventLoop.GetRunningLoop(), when);

    /// <summary>Runs <paramref name="body"/> with a deadline <paramref name="delay"/> from when it starts.</summary>
    /// <exception cref="TimeoutException">The deadline passed first.</exception>
    public static async Coro<T> Timeout<T>(TimeSpan? delay, Coro<T> body) => await Timeout(delay).Run(body);

    /// <summary>Runs <paramref name="body"/> with a deadline <paramref name="delay"/> from when it starts.</summary>
    /// <exception cref="TimeoutException">The deadline passed first.</exception>
    public static async Coro Timeout(TimeSpan? delay, Coro body) => await Timeout(delay).Run(body);

    /// <summary>
    /// Awaits <paramref name="coro"/> with a time limit (asyncio's <c>wait_for</c>): on timeout
    /// it is cancelled, awaited until it has finished cancelling, and <see cref="TimeoutException"/>
    /// is raised. <see langword="null"/> waits forever.
    /// </summary>
    public static Coro<T> WaitFor<T>(Coro<T> coro, TimeSpan? timeout) => Timeout(timeout, coro);

    /// <summary>Awaits <paramref name="coro"/> with a time limit (see <see cref="WaitFor{T}(Coro{T}, TimeSpan?)"/>).</summary>
    public static Coro WaitFor(Coro coro, TimeSpan? timeout) => Timeout(timeout, coro);

    /// <summary>
    /// Awaits a spawned task with a time limit: on timeout the task is cancelled and awaited until
    /// it finishes, then <see cref="TimeoutException"/> is raised.
    /// </summary>
    public static async Coro<T> WaitFor<T>(CoroTask<T> task, TimeSpan? timeout) => await Timeout(timeout).Run(AwaitTask(task));

    /// <summary>Awaits a spawned task with a time limit.</summary>
    public static async Coro WaitFor(CoroTask task, TimeSpan? timeout) => await Timeout(timeout).Run(AwaitTask(task));

    private static async Coro<T> AwaitTask<T>(CoroTask<T> task) => await task;

    private static async Coro AwaitTask(CoroTask task) => await task;
}
