using System.Runtime.CompilerServices;
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SleepAwaitable Sleep(double seconds) =>
        seconds <= 0 ? new SleepAwaitable(TimeSpan.Zero) : new SleepAwaitable(SleepDelay(seconds));

    /// <summary>A positive (or NaN) number of seconds as a delay; kept out of line so <c>Sleep(0)</c> inlines to a constant.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TimeSpan SleepDelay(double seconds)
    {
        if (double.IsNaN(seconds))
        {
            throw new ArgumentException("The sleep duration must be a number, not NaN.", nameof(seconds));
        }

        return seconds >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
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
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void GetResult() => TaskBox.ThrowIfCurrentCancelDelivered();

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => TaskBox.CurrentOrThrow().SuspendBuilder(continuation, this);

        /// <inheritdoc />
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Suspend(TaskBox task)
        {
            if (_delay <= TimeSpan.Zero)
            {
                task.SuspendYield();
            }
            else
            {
                SuspendOnTimer(task, _delay);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void SuspendOnTimer(TaskBox task, TimeSpan delay)
        {
            var loop = task.Loop;
            task.SleepToken = task.WaitToken;
            loop.AddTimer(loop.DeadlineAfter(delay), task, task.WaitToken);
            task.SuspendOn(SleepWait.Instance);
        }
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
