// Categories follow the sections of ANALYZERS.md §5, so a category names a family of ids.
namespace CoroGen.Analyzers;

/// <summary>The <see cref="Microsoft.CodeAnalysis.DiagnosticDescriptor.Category"/> of each rule family.</summary>
public static class DiagnosticCategories
{
    /// <summary>The generator contract (CORO0001-0019); the generator's own diagnostics use it too.</summary>
    public const string Generator = "CoroGen.Generator";

    /// <summary>Awaiting and observing coroutines (CORO0020-0039).</summary>
    public const string Awaiting = "CoroGen.Awaiting";

    /// <summary>Blocking the event loop thread (CORO0040-0059).</summary>
    public const string Blocking = "CoroGen.Blocking";

    /// <summary>Threads, thread locks and loop affinity (CORO0060-0079).</summary>
    public const string Threading = "CoroGen.Threading";

    /// <summary>Spawned tasks and structured concurrency (CORO0080-0089).</summary>
    public const string Tasks = "CoroGen.Tasks";

    /// <summary>Cancellation (CORO0090-0099).</summary>
    public const string Cancellation = "CoroGen.Cancellation";

    /// <summary>Resource lifetime (CORO0100-0109).</summary>
    public const string Resources = "CoroGen.Resources";

    /// <summary>Style and performance, opt-in (CORO0120-0129).</summary>
    public const string Style = "CoroGen.Style";
}
