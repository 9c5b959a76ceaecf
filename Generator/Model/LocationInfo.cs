// A source location as plain data. Roslyn's Location keeps the SyntaxTree alive and
// compares by reference, so models carry this instead and rebuild a Location only when a
// diagnostic is finally reported.
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CoroGen.Generator.Model;

/// <summary>A file path and span, with value equality.</summary>
internal sealed record LocationInfo
{
    /// <summary>The syntax tree's file path.</summary>
    public required string FilePath { get; init; }

    /// <summary>Start offset of the span.</summary>
    public required int Start { get; init; }

    /// <summary>Length of the span.</summary>
    public required int Length { get; init; }

    /// <summary>Zero-based start line.</summary>
    public required int StartLine { get; init; }

    /// <summary>Zero-based start column.</summary>
    public required int StartCharacter { get; init; }

    /// <summary>Zero-based end line.</summary>
    public required int EndLine { get; init; }

    /// <summary>Zero-based end column.</summary>
    public required int EndCharacter { get; init; }

    /// <summary>Captures <paramref name="location"/>, or returns null when it is not in source.</summary>
    public static LocationInfo? From(Location location)
    {
        if (location.SourceTree is null)
        {
            return null;
        }

        FileLinePositionSpan lines = location.GetLineSpan();
        return new LocationInfo
        {
            FilePath = location.SourceTree.FilePath,
            Start = location.SourceSpan.Start,
            Length = location.SourceSpan.Length,
            StartLine = lines.StartLinePosition.Line,
            StartCharacter = lines.StartLinePosition.Character,
            EndLine = lines.EndLinePosition.Line,
            EndCharacter = lines.EndLinePosition.Character,
        };
    }

    /// <summary>The span as a <see cref="TextSpan"/>.</summary>
    public TextSpan Span => new(Start, Length);

    /// <summary>
    /// Rebuilds a <see cref="Location"/>: inside <paramref name="tree"/> when it is given (so
    /// <c>#pragma warning disable</c> applies), otherwise as an external file location.
    /// </summary>
    public Location ToLocation(SyntaxTree? tree) =>
        tree is not null && Start + Length <= tree.Length
            ? Location.Create(tree, Span)
            : Location.Create(
                FilePath,
                Span,
                new LinePositionSpan(new LinePosition(StartLine, StartCharacter), new LinePosition(EndLine, EndCharacter)));
}
