// Diagnostic ids and their documentation links. Ranges follow ANALYZERS.md §5:
// CORO0001-0019 is the generator contract (the method cannot be compiled as a coroutine);
// CORO0120-0129 is opt-in style and performance.
// Every id has a page docs/diagnostics/<id>.md; HelpLinkBase points at that folder.
namespace CoroGen.Generator;

/// <summary>Ids of the diagnostics the coroutine compiler reports.</summary>
internal static class DiagnosticIds
{
    /// <summary>Base URL of the per-id documentation pages; append the id and <c>.md</c>.</summary>
    public const string HelpLinkBase = "https://github.com/corogen/corogen/blob/main/docs/diagnostics/";

    /// <summary>The containing type, or an enclosing type, is not partial.</summary>
    public const string ContainingTypeNotPartial = "CORO0001";

    /// <summary>Not <c>async</c>, not <c>partial</c>, no body, or a return type other than Coro/Coro&lt;T&gt;.</summary>
    public const string InvalidSignature = "CORO0002";

    /// <summary>A parameter the state machine cannot hold across an await (ref struct).</summary>
    public const string UnsupportedParameter = "CORO0004";

    /// <summary>No accessibility modifier; C# requires one on partial methods that return a value.</summary>
    public const string MissingAccessibility = "CORO0008";

    /// <summary>The body uses a construct the machine path does not compile yet; the method keeps the builder path.</summary>
    public const string NotLoweredYet = "CORO0009";

    /// <summary>The struct machine, with the machines of the coroutines it awaits inline, is above the size limit.</summary>
    public const string FrameTooLarge = "CORO0122";

    /// <summary>The documentation page of <paramref name="id"/>.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";
}
