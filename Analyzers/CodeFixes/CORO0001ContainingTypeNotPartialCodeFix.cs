// CORO0001 (reported by the generator) fix: `partial` on the flagged type and on every type
// declaration enclosing it. Types nested inside the flagged one report their own CORO0001.
using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>Makes the type a coroutine is declared in, and the types enclosing it, <c>partial</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0001ContainingTypeNotPartialCodeFix))]
[Shared]
public sealed class CORO0001ContainingTypeNotPartialCodeFix : CoroutineDeclarationFix
{
    /// <summary>Id of the generator's diagnostic (CoroGen.Generator.DiagnosticIds.ContainingTypeNotPartial).</summary>
    public const string DiagnosticId = "CORO0001";

    /// <summary>Equivalence key of the fix.</summary>
    public const string Key = "CORO0001.MakePartial";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticId];

    /// <inheritdoc/>
    protected override string EquivalenceKey => Key;

    /// <inheritdoc/>
    protected override string? GetTitle(SyntaxNode root, Diagnostic diagnostic) =>
        TypeAt(root, diagnostic) is { } type ? $"Make '{type.Identifier.ValueText}' partial" : null;

    /// <inheritdoc/>
    protected override void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic)
    {
        if (TypeAt(root, diagnostic) is { } type)
        {
            MakeTypesPartial(editor, type);
        }
    }

    // The diagnostic is on the type's name.
    private static TypeDeclarationSyntax? TypeAt(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindToken(diagnostic.Location.SourceSpan.Start).Parent as TypeDeclarationSyntax;
}
