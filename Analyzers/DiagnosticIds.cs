// Ids of the analyzer diagnostics. Ranges follow ANALYZERS.md §5: 0001-0019 generator contract
// (reported by the generator, see Generator/DiagnosticIds.cs), 0020-0039 awaiting and observing
// coroutines, 0040-0059 blocking the loop, 0060-0079 threads and loop affinity, 0080-0089
// spawned tasks, 0090-0099 cancellation, 0100-0109 resource lifetime, 0120-0129 style.
// Every id has a page docs/diagnostics/<id>.md and a line in AnalyzerReleases.Unshipped.md.
namespace CoroGen.Analyzers;

/// <summary>Ids of the diagnostics and suppressions the CoroGen analyzers report.</summary>
public static class DiagnosticIds
{
    /// <summary>
    /// Base URL of the per-id documentation pages; append the id and <c>.md</c>. Equal to the
    /// generator's <c>CoroGen.Generator.DiagnosticIds.HelpLinkBase</c> (a test checks it).
    /// </summary>
    public const string HelpLinkBase = "https://github.com/corogen/corogen/blob/main/docs/diagnostics/";

    /// <summary>A coroutine's <c>Coro</c>/<c>Coro&lt;T&gt;</c> is dropped: never awaited nor spawned.</summary>
    public const string CoroutineNeverAwaited = "CORO0020";

    /// <summary>A known blocking call inside a coroutine (blocks the event loop thread).</summary>
    public const string BlockingCallInCoroutine = "CORO0040";

    /// <summary>The handle returned by <c>Coro.Spawn</c>/<c>EventLoop.Spawn</c> is dropped.</summary>
    public const string SpawnedTaskDropped = "CORO0080";

    /// <summary>A catch clause in a coroutine that swallows cancellation.</summary>
    public const string CancellationSwallowed = "CORO0090";

    /// <summary>Suppression of CS4014 where a CoroGen rule reports instead, or on <c>TaskGroup.Spawn</c>.</summary>
    public const string SuppressCS4014 = "CORO_SPR0001";

    /// <summary>The documentation page of <paramref name="id"/>.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";
}
