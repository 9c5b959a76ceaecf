namespace CoroGen.Loop;

/// <summary>
/// A manual clock for deterministic tests of timing code. A loop created with it never sleeps:
/// when nothing is ready it jumps the clock straight to the next timer's deadline, so a test of
/// a ten-minute timeout runs in microseconds and always in the same order.
/// </summary>
/// <remarks>
/// Only thread-safe posts (executors, <see cref="EventLoop.CallSoonThreadSafe(Action)"/>) make
/// such a loop wait in real time; timers never do. Use one provider per loop.
/// </remarks>
public sealed class VirtualTimeProvider : TimeProvider
{
    private long _ticks;

    /// <summary>Creates a clock that starts at <paramref name="start"/>.</summary>
    public VirtualTimeProvider(TimeSpan start = default) => _ticks = start.Ticks;

    /// <summary>
    /// How long, in real time, a loop on this clock may sit with nothing ready, no timer and
    /// nothing posted before it decides it is deadlocked and throws (default 10 s). With a real
    /// clock such a loop would wait forever; in a test that is a hang instead of a failure.
    /// </summary>
    public TimeSpan IdleLimit { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The current virtual time since the clock's origin.</summary>
    public TimeSpan Now => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    /// <summary>Moves the clock forward by <paramref name="delta"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        Interlocked.Add(ref _ticks, delta.Ticks);
    }

    /// <summary>Moves the clock to <paramref name="timestamp"/> if that is later than now.</summary>
    internal void AdvanceTo(long timestamp)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _ticks);
            if (timestamp <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _ticks, timestamp, current) != current);
    }
}
