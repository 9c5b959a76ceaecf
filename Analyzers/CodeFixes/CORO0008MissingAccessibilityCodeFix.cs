// CORO0008 (reported by the generator) fix: write out the accessibility an omitted modifier
// means, `private` (`public` for an interface member), so the method keeps its meaning.
using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>Adds <c>private</c> (<c>public</c> in an interface) to a coroutine without accessibility.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0008MissingAccessibilityCodeFix))]
[Shared]
public sealed class CORO0008MissingAccessibilityCodeFix : CoroutineDeclarationFix
{
    /// <summary>Id of the generator's diagnostic (CoroGen.Generator.DiagnosticIds.MissingAccessibility).</summary>
    public const string DiagnosticId = "CORO0008";

    /// <summary>Equivalence key of the fix.</summary>
    public const string Key = "CORO0008.AddAccessibility";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticId];

    /// <inheritdoc/>
    protected override string EquivalenceKey => Key;

    /// <inheritdoc/>
    protected override string? GetTitle(SyntaxNode root, Diagnostic diagnostic) =>
        MethodAt(root, diagnostic) is { } method && !HasAccessibility(method)
            ? $"Add '{SyntaxFacts.GetText(DefaultAccessibility(method))}'"
            : null;

    /// <inheritdoc/>
    protected override void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic)
    {
        if (MethodAt(root, diagnostic) is { } method)
        {
            editor.ReplaceNode(method, static (current, _) =>
            {
                var declaration = (MethodDeclarationSyntax)current;
                return WithModifier(declaration, DefaultAccessibility(declaration));
            });
        }
    }
}
