// A diagnostic as plain data: descriptor id, message arguments and location. The pipeline
// carries these instead of Diagnostic objects (which hold a Location and compare by
// reference) and turns them into Diagnostics only in the output callback.
namespace CoroGen.Generator.Model;

/// <summary>A diagnostic the parser wants reported, with value equality.</summary>
internal sealed record DiagnosticInfo
{
    /// <summary>The descriptor id, a key of <see cref="DiagnosticDescriptors.ById"/>.</summary>
    public required string Id { get; init; }

    /// <summary>Where the diagnostic is reported.</summary>
    public required LocationInfo Location { get; init; }

    /// <summary>Arguments for the descriptor's message format.</summary>
    public required EquatableArray<string> MessageArgs { get; init; }
}
