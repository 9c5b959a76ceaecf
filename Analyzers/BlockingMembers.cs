// The curated list of members that block the calling thread (CORO0040), plus the user's own
// list from an AdditionalFile named CoroGen.BlockingMembers.txt. Entries are resolved to symbols
// once per compilation; a name the compilation does not know is skipped.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CoroGen.Analyzers;

/// <summary>The blocking members of one compilation.</summary>
internal static class BlockingMembers
{
    /// <summary>File name (any folder) of the user's additional blocking members.</summary>
    public const string AdditionalFileName = "CoroGen.BlockingMembers.txt";

    /// <summary>Built-in entries: metadata name of the type, then the member name.</summary>
    public static readonly ImmutableArray<(string Type, string Member)> BuiltIn =
    [
        ("System.Threading.Thread", "Sleep"),
        ("System.Threading.Thread", "Join"),
        ("System.Threading.Thread", "SpinWait"),
        ("System.Threading.Tasks.Task", "Wait"),
        ("System.Threading.Tasks.Task", "WaitAll"),
        ("System.Threading.Tasks.Task", "WaitAny"),
        ("System.Threading.Tasks.Task`1", "Result"),
        ("System.Runtime.CompilerServices.TaskAwaiter", "GetResult"),
        ("System.Runtime.CompilerServices.TaskAwaiter`1", "GetResult"),
        ("System.Runtime.CompilerServices.ValueTaskAwaiter", "GetResult"),
        ("System.Runtime.CompilerServices.ValueTaskAwaiter`1", "GetResult"),
        ("System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter", "GetResult"),
        ("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter", "GetResult"),
        ("System.Threading.Tasks.ValueTask`1", "Result"),
        ("System.Threading.WaitHandle", "WaitOne"),
        ("System.Threading.WaitHandle", "WaitAll"),
        ("System.Threading.WaitHandle", "WaitAny"),
        ("System.Threading.WaitHandle", "SignalAndWait"),
        ("System.Threading.Monitor", "Enter"),
        ("System.Threading.Monitor", "Wait"),
        ("System.Threading.SemaphoreSlim", "Wait"),
        ("System.Threading.ManualResetEventSlim", "Wait"),
        ("System.Threading.CountdownEvent", "Wait"),
        ("System.Threading.Barrier", "SignalAndWait"),
        ("System.Diagnostics.Process", "WaitForExit"),
        ("System.Console", "Read"),
        ("System.Console", "ReadKey"),
        ("System.Console", "ReadLine"),
    ];

    /// <summary>
    /// The blocking member symbols of <paramref name="compilation"/> (original definitions):
    /// the built-in list and the lines of every <see cref="AdditionalFileName"/>.
    /// </summary>
    public static ImmutableHashSet<ISymbol> Resolve(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var symbols = ImmutableHashSet.CreateBuilder<ISymbol>(SymbolEqualityComparer.Default);
        foreach ((string type, string member) in BuiltIn)
        {
            Add(compilation, type, member, symbols);
        }

        foreach (AdditionalText file in options.AdditionalFiles)
        {
            if (!string.Equals(Path.GetFileName(file.Path), AdditionalFileName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            SourceText? text = file.GetText(cancellationToken);
            if (text is null)
            {
                continue;
            }

            foreach (TextLine line in text.Lines)
            {
                if (TryParse(line.ToString(), out string type, out string member))
                {
                    Add(compilation, type, member, symbols);
                }
            }
        }

        return symbols.ToImmutable();
    }

    /// <summary>
    /// Parses one line of the additional file: <c>Namespace.Type.Member</c>, or vs-threading's
    /// <c>[Namespace.Type]::Member</c>; <c>*</c> as the member means every member. Blank lines and
    /// lines starting with <c>#</c> are skipped. Nested types use <c>+</c>, generic types
    /// their metadata arity (<c>List`1</c>).
    /// </summary>
    public static bool TryParse(string line, out string type, out string member)
    {
        type = member = "";
        string trimmed = line.Trim();
        if (trimmed.Length == 0 || trimmed[0] == '#')
        {
            return false;
        }

        if (trimmed[0] == '[')
        {
            int close = trimmed.IndexOf("]::", StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            type = trimmed.Substring(1, close - 1).Trim();
            member = trimmed.Substring(close + 3).Trim();
        }
        else
        {
            int dot = trimmed.LastIndexOf('.');
            if (dot <= 0)
            {
                return false;
            }

            type = trimmed.Substring(0, dot);
            member = trimmed.Substring(dot + 1);
        }

        return type.Length > 0 && member.Length > 0;
    }

    private static void Add(Compilation compilation, string typeName, string member, ImmutableHashSet<ISymbol>.Builder symbols)
    {
        INamedTypeSymbol? type = compilation.GetTypeByMetadataName(typeName);
        if (type is null)
        {
            return;
        }

        IEnumerable<ISymbol> members = member == "*" ? type.GetMembers() : type.GetMembers(member);
        foreach (ISymbol symbol in members)
        {
            if (symbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } or IPropertySymbol)
            {
                symbols.Add(symbol.OriginalDefinition);
            }
        }
    }
}
