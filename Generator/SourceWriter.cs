// An indented text writer for generated code. The emitter prints through it instead of
// building SyntaxFactory trees: output stays readable and the emitter reads like the code
// it writes. Lines end in LF on every platform so outputs are byte-identical everywhere.
using System.Text;

namespace CoroGen.Generator;

/// <summary>Writes lines of C# with four-space indentation.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indentation;

    /// <summary>Current indentation level.</summary>
    public int Indentation
    {
        get => _indentation;
        set => _indentation = value < 0 ? 0 : value;
    }

    /// <summary>Writes <paramref name="text"/> indented, then a line break; an empty string writes an empty line.</summary>
    public void WriteLine(string text)
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _indentation * 4);
            _builder.Append(text);
        }

        _builder.Append('\n');
    }

    /// <summary>Writes an empty line.</summary>
    public void WriteLine() => _builder.Append('\n');

    /// <summary>Writes a line with no indentation (preprocessor directives).</summary>
    public void WriteDirective(string text) => _builder.Append(text).Append('\n');

    /// <summary>Writes <c>{</c> and indents.</summary>
    public void OpenBlock()
    {
        WriteLine("{");
        _indentation++;
    }

    /// <summary>Unindents and writes <c>}</c>.</summary>
    public void CloseBlock()
    {
        _indentation--;
        WriteLine("}");
    }

    /// <inheritdoc/>
    public override string ToString() => _builder.ToString();
}
