using System.Diagnostics.Metrics;

namespace CoroGen.Diagnostics;

/// <summary>
/// Runtime counters published through <see cref="System.Diagnostics.Metrics"/> under the meter
/// <c>CoroGen</c>, so <c>dotnet-counters monitor --counters CoroGen</c> can watch them. Every
/// measurement carries the tag <c>loop.id</c>.
/// </summary>
/// <remarks>
/// Instruments: <c>corogen.loop.tasks</c> (tasks alive), <c>corogen.loop.ready</c> (ready queue
/// length), <c>corogen.loop.lag</c> (seconds the most recent due timer ran after its deadline),
/// and the counter <c>corogen.loop.slow_callbacks</c> (debug mode only). Gauges are read only
/// when a listener collects, from the collecting thread, so they read plain fields without locks:
/// a value may be one iteration stale, never torn.
/// </remarks>
internal static class RuntimeMetrics
{
    public const string MeterName = "CoroGen";

    private static readonly Meter s_meter = new(MeterName, "0.1.0");
    private static readonly List<WeakReference<EventLoop>> s_loops = [];

    public static readonly Counter<long> SlowCallbacks = s_meter.CreateCounter<long>(
        "corogen.loop.slow_callbacks", unit: "{callback}", description: "Callbacks and task steps slower than the loop's SlowCallbackDuration (debug mode).");

    static RuntimeMetrics()
    {
        s_meter.CreateObservableGauge("corogen.loop.tasks", () => Observe(static loop => loop.LiveTaskCount), unit: "{task}", description: "Tasks alive on the loop.");
        s_meter.CreateObservableGauge("corogen.loop.ready", () => Observe(static loop => loop.ReadyCount), unit: "{callback}", description: "Callbacks and task steps waiting in the ready queue.");
        s_meter.CreateObservableGauge("corogen.loop.lag", () => Observe(static loop => loop.LastTimerLag), unit: "s", description: "How late the most recent due timer ran, in seconds.");
    }

    public static void Register(EventLoop loop)
    {
        lock (s_loops)
        {
            s_loops.RemoveAll(static r => !r.TryGetTarget(out _));
            s_loops.Add(new WeakReference<EventLoop>(loop));
        }
    }

    public static void Unregister(EventLoop loop)
    {
        lock (s_loops)
        {
            s_loops.RemoveAll(r => !r.TryGetTarget(out var target) || ReferenceEquals(target, loop));
        }
    }

    private static IEnumerable<Measurement<T>> Observe<T>(Func<EventLoop, T> read)
        where T : struct
    {
        List<EventLoop> loops;
        lock (s_loops)
        {
            loops = [.. s_loops.Select(static r => r.TryGetTarget(out var loop) ? loop : null).OfType<EventLoop>()];
        }

        return loops.Select(loop => new Measurement<T>(read(loop), new KeyValuePair<string, object?>("loop.id", loop.Id)));
    }
}
