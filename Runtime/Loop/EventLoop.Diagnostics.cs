using System.Diagnostics;
using CoroGen.Diagnostics;
using CoroGen.Loop;
using Microsoft.Extensions.Logging;

namespace CoroGen;

/// <summary>Debug mode's run-time checks, the loop's log, and what it publishes as metrics.</summary>
public sealed partial class EventLoop
{
    private static long s_nextLoopId;
    private readonly ILogger? _logger;
    private double _lastTimerLag;

    /// <summary>A process-unique number for this loop (the <c>loop.id</c> tag of its metrics).</summary>
    public long Id { get; } = Interlocked.Increment(ref s_nextLoopId);

    /// <summary>
    /// In debug mode, a callback or task step that runs longer than this is logged as a warning
    /// (asyncio's <c>slow_callback_duration</c>, default 100 ms).
    /// </summary>
    public TimeSpan SlowCallbackDuration { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Seconds between the deadline of the most recent due timer and the moment the loop collected it.</summary>
    internal double LastTimerLag => Volatile.Read(ref _lastTimerLag);

    /// <summary>Writes to the loop's logger if it has one, else to its error writer. Thread-safe.</summary>
    internal void Log(LogLevel level, string message, Exception? exception = null)
    {
        if (_logger is not null)
        {
            _logger.Log(level, default, message, exception, static (state, _) => state);
            return;
        }

        var text = exception is null ? message : $"{message}\n{exception}";
        lock (_errorWriter)
        {
            _errorWriter.WriteLine(text);
        }
    }

    /// <summary>Runs one ready item, timing it in debug mode (asyncio's slow-callback warning).</summary>
    private void RunTimed(IRunnable item)
    {
        var start = Stopwatch.GetTimestamp();
        item.Run();
        var elapsed = Stopwatch.GetElapsedTime(start);
        if (elapsed > SlowCallbackDuration)
        {
            RuntimeMetrics.SlowCallbacks.Add(1, new KeyValuePair<string, object?>("loop.id", Id));
            Log(LogLevel.Warning, $"Executing {Describe(item)} took {elapsed.TotalSeconds:0.000} seconds");
        }
    }

    private static string Describe(IRunnable item) => item is TaskBox task ? task.Describe() : item.ToString() ?? item.GetType().Name;

    private void RecordTimerLag(long deadline, long now) => Volatile.Write(ref _lastTimerLag, (now - deadline) / _ticksPerSecond);

    /// <summary>Warns about a loop dropped without being closed (asyncio's "unclosed event loop" ResourceWarning), in debug mode.</summary>
    ~EventLoop()
    {
        if (_state != LoopState.Closed && Debug)
        {
            DebugReports.Report(null, LogLevel.Warning, $"Unclosed event loop {this}: dispose it (or use EventLoop.Run / a Runner) so its tasks and executor are shut down.");
        }
    }
}
