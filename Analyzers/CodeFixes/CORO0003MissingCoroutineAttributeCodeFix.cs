// CORO0003 fix: `[Coroutine]` on the method, which the generator then requires to be
// `partial` (CORO0002), to have an accessibility modifier (CORO0008) and to sit in partial
// types (CORO0001): all four edits at once, so the fixed method compiles as a coroutine.
using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>Marks an async Coro method <c>[Coroutine]</c> and makes it (and its types) partial.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0003MissingCoroutineAttributeCodeFix))]
[Shared]
public sealed class CORO0003MissingCoroutineAttributeCodeFix : CoroutineDeclarationFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string Key = "CORO0003.AddCoroutine";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.MissingCoroutineAttribute];

    /// <inheritdoc/>
    protected override string EquivalenceKey => Key;

    /// <inheritdoc/>
    protected override string? GetTitle(SyntaxNode root, Diagnostic diagnostic) =>
        MethodAt(root, diagnostic) is not null ? "Make it a [Coroutine]" : null;

    /// <inheritdoc/>
    protected override void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic)
    {
        if (MethodAt(root, diagnostic) is not { } method)
        {
            return;
        }

        editor.ReplaceNode(method, static (current, _) =>
        {
            var declaration = (MethodDeclarationSyntax)current;
            declaration = WithModifier(declaration, DefaultAccessibility(declaration));
            declaration = WithModifier(declaration, SyntaxKind.PartialKeyword);
            return WithCoroutineAttribute(declaration);
        });
        if (method.Parent is TypeDeclarationSyntax type)
        {
            MakeTypesPartial(editor, type);
        }
    }
}
