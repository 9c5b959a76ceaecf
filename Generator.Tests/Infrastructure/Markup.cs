// Test sources mark the span a diagnostic is expected at with [| and |].
using Microsoft.CodeAnalysis.Text;

namespace CoroGen.Generator.Tests.Infrastructure;

/// <summary>Parses <c>[|...|]</c> span markup.</summary>
internal static class Markup
{
    /// <summary>Removes the markers and returns the source and the marked spans in order.</summary>
    public static (string Source, IReadOnlyList<TextSpan> Spans) Parse(string markup)
    {
        var spans = new List<TextSpan>();
        var builder = new System.Text.StringBuilder();
        int start = -1;
        for (int i = 0; i < markup.Length; i++)
        {
            if (string.CompareOrdinal(markup, i, "[|", 0, 2) == 0)
            {
                start = builder.Length;
                i++;
            }
            else if (string.CompareOrdinal(markup, i, "|]", 0, 2) == 0 && start >= 0)
            {
                spans.Add(TextSpan.FromBounds(start, builder.Length));
                start = -1;
                i++;
            }
            else
            {
                builder.Append(markup[i]);
            }
        }

        return (builder.ToString(), spans);
    }
}
