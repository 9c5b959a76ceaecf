// CORO0002 (reported by the generator) fix: add the missing `async` and/or `partial` to the
// coroutine. Not offered for a wrong return type (the diagnostic is on the return type then:
// what to return instead is the author's decision) or a method without a body.
using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>Adds the missing <c>async</c>/<c>partial</c> modifiers to a coroutine.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0002InvalidSignatureCodeFix))]
[Shared]
public sealed class CORO0002InvalidSignatureCodeFix : CoroutineDeclarationFix
{
    /// <summary>Id of the generator's diagnostic (CoroGen.Generator.DiagnosticIds.InvalidSignature).</summary>
    public const string DiagnosticId = "CORO0002";

    /// <summary>Equivalence key of the fix.</summary>
    public const string Key = "CORO0002.AsyncPartial";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticId];

    /// <inheritdoc/>
    protected override string EquivalenceKey => Key;

    /// <inheritdoc/>
    protected override string? GetTitle(SyntaxNode root, Diagnostic diagnostic)
    {
        if (Fixable(root, diagnostic) is not { } method)
        {
            return null;
        }

        bool async = !method.Modifiers.Any(SyntaxKind.AsyncKeyword);
        bool partial = !method.Modifiers.Any(SyntaxKind.PartialKeyword);
        return (async, partial) switch
        {
            (true, true) => "Make the coroutine 'async partial'",
            (true, false) => "Make the coroutine 'async'",
            (false, true) => "Make the coroutine 'partial'",
            _ => null,
        };
    }

    /// <inheritdoc/>
    protected override void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic)
    {
        if (Fixable(root, diagnostic) is { } method)
        {
            editor.ReplaceNode(method, static (current, _) =>
                WithModifier(WithModifier((MethodDeclarationSyntax)current, SyntaxKind.AsyncKeyword), SyntaxKind.PartialKeyword));
        }
    }

    // The diagnostic is on the method's name for async/partial/body, on the return type otherwise.
    private static MethodDeclarationSyntax? Fixable(SyntaxNode root, Diagnostic diagnostic) =>
        MethodAt(root, diagnostic) is { } method
        && method.Identifier.Span == diagnostic.Location.SourceSpan
        && (method.Body is not null || method.ExpressionBody is not null)
            ? method
            : null;
}
