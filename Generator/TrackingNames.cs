// Names given to the generator's pipeline steps with WithTrackingName. The incrementality
// tests look steps up by these names and assert that an unrelated edit leaves them Cached
// or Unchanged, so every step the pipeline creates must be named here.
namespace CoroGen.Generator;

/// <summary>Tracking names of the incremental pipeline steps.</summary>
internal static class TrackingNames
{
    /// <summary>One <see cref="Model.CoroutineParseResult"/> per <c>[Coroutine]</c> method.</summary>
    public const string ParseResults = nameof(ParseResults);

    /// <summary>The successfully parsed coroutines, the emitter's input.</summary>
    public const string Coroutines = nameof(Coroutines);

    /// <summary>The diagnostics the parser found, one array per method.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>The coroutine call graph (which awaited callees run boxed because of a cycle).</summary>
    public const string CallGraph = nameof(CallGraph);

    /// <summary>Each coroutine with its boxed callees, the emitter's input.</summary>
    public const string Emissions = nameof(Emissions);

    /// <summary>The call sites redirected to the machine path by interceptors.</summary>
    public const string Interceptions = nameof(Interceptions);

    /// <summary>The machines above the frame size limit (CORO0122).</summary>
    public const string OversizedFrames = nameof(OversizedFrames);

    /// <summary>Every step name, for tests that walk them all.</summary>
    public static readonly string[] All = [ParseResults, Coroutines, Diagnostics, CallGraph, Emissions, Interceptions, OversizedFrames];
}
