using CoroGen.CompilerServices;
using CoroGen.Futures;

namespace CoroGen;

public readonly partial struct Coro
{
    /// <summary>
    /// Suspends the current task for <paramref name="seconds"/> (asyncio's <c>sleep</c>). Zero or
    /// less is a bare yield: the task goes to the back of the ready queue and no timer is made.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="seconds"/> is NaN.</exception>
    public static SleepAwaitable Sleep(double seconds)
    {
        if (double.IsNaN(seconds))
        {
            throw new ArgumentException("The sleep duration must be a number, not NaN.", nameof(seconds));
        }

        return new SleepAwaitable(seconds <= 0 ? TimeSpan.Zero : seconds >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds));
    }

    /// <summary>Suspends the current task for <paramref name="delay"/>; zero or less yields once.</summary>
    public static SleepAwaitable Sleep(TimeSpan delay) => new(delay);
}

/// <summary>The awaitable returned by <see cref="Coro.Sleep(TimeSpan)"/>. Always suspends, allocates nothing.</summary>
public readonly struct SleepAwaitable
{
    private readonly TimeSpan _delay;

    internal SleepAwaitable(TimeSpan delay) => _delay = delay;

    /// <summary>The requested delay.</summary>
    public TimeSpan Delay => _delay;

    /// <summary>Gets the awaiter.</summary>
    public Awaiter GetAwaiter() => new(_delay);

    /// <summary>Awaits a sleep: a ready-queue requeue for zero, a timer-heap entry holding the task otherwise.</summary>
    public readonly struct Awaiter : ICoroAwaiter
    {
        private readonly TimeSpan _delay;

        internal Awaiter(TimeSpan delay) => _delay = delay;

        /// <summary>Always false: a sleep always suspends, even for zero.</summary>
        public bool IsCompleted => false;

        /// <summary>Returns after the sleep; raises <see cref="CancelledError"/> if the task was cancelled meanwhile.</summary>
        public void GetResult() => TaskBox.Current?.ThrowIfCancelDelivered();

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => TaskBox.CurrentOrThrow().SuspendBuilder(continuation, this);

        /// <inheritdoc />
        public void Suspend(TaskBox task)
        {
            if (_delay <= TimeSpan.Zero)
            {
                task.Wake();
                task.SuspendOn(YieldWait.Instance);
            }
            else
            {
                var loop = task.Loop;
                task.SleepToken = task.WaitToken;
                loop.AddTimer(loop.DeadlineAfter(_delay), task, task.WaitToken);
                task.SuspendOn(SleepWait.Instance);
            }
        }
    }
}

/// <summary>A task yielding for one turn: it is already queued, so cancelling only marks the delivery.</summary>
internal sealed class YieldWait : IWaitSource
{
    public static readonly YieldWait Instance = new();

    public bool CancelWait(TaskBox task, string? message)
    {
        task.DeliverCancel();
        return true;
    }
}

/// <summary>A task sleeping on a timer entry: cancelling kills the entry (lazily) and wakes the task now.</summary>
internal sealed class SleepWait : IWaitSource
{
    public static readonly SleepWait Instance = new();

    public bool CancelWait(TaskBox task, string? message)
    {
        if (task.WaitToken == task.SleepToken)
        {
            // The entry is still in the heap (not fired, not cancelled before): kill it and count it once.
            task.WaitToken++;
            task.Loop.OnTimerCancelled();
        }

        task.DeliverCancel();
        task.Wake();
        return true;
    }
}
