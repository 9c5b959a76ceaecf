// What the parser returns for one [Coroutine] method: either a spec to emit, or the reasons
// it cannot be emitted, or neither (broken code the C# compiler already reports).
namespace CoroGen.Generator.Model;

/// <summary>The parser's result for one attributed method.</summary>
internal sealed record CoroutineParseResult
{
    /// <summary>A result that emits nothing and reports nothing.</summary>
    public static readonly CoroutineParseResult Nothing = new() { Spec = null, Diagnostics = EquatableArray<DiagnosticInfo>.Empty };

    /// <summary>The coroutine to emit; null when <see cref="Diagnostics"/> is non-empty or the code is too broken.</summary>
    public required CoroutineSpec? Spec { get; init; }

    /// <summary>Diagnostics to report for the method.</summary>
    public required EquatableArray<DiagnosticInfo> Diagnostics { get; init; }

    /// <summary>
    /// For a coroutine that runs its builder-path body (not lowered), where it is declared
    /// (<see cref="Interception.InterceptorFinder.BuilderPathSite"/>): calls in that body are
    /// redirected to machines. Null for a lowered coroutine.
    /// </summary>
    public string? BuilderPathSite { get; init; }

    /// <summary>The machine's size facts (CORO0122), for a lowered machine; null otherwise.</summary>
    public FrameSpec? Frame { get; init; }
}
