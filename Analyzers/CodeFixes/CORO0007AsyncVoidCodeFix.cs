// CORO0007 fix: `async void` → `async Coro` on a method or local function (not an override or
// interface implementation, whose signature is imposed; not a lambda, whose delegate type is).
// A method then reports CORO0003 (make it a [Coroutine]); callers that dropped the call
// report CORO0020 (await it).
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using CoroGen.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>Changes an <c>async void</c> method or local function to return <c>Coro</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0007AsyncVoidCodeFix))]
[Shared]
public sealed class CORO0007AsyncVoidCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string Key = "CORO0007.ReturnCoro";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.AsyncVoid];

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (diagnostic.Properties.ContainsKey(CORO0007AsyncVoidAnalyzer.FixableProperty)
            && ReturnTypeAt(root, diagnostic) is { } returnType)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Return Coro instead of void", ct => FixAsync(context.Document, returnType, ct), Key),
                diagnostic);
        }
    }

    private static TypeSyntax? ReturnTypeAt(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindToken(diagnostic.Location.SourceSpan.Start).Parent switch
        {
            MethodDeclarationSyntax method => method.ReturnType,
            LocalFunctionStatementSyntax local => local.ReturnType,
            _ => null,
        };

    private static async Task<Document> FixAsync(Document document, TypeSyntax returnType, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        TypeSyntax coro = SyntaxFactory.ParseTypeName("global::CoroGen.Coro")
            .WithAdditionalAnnotations(Simplifier.Annotation)
            .WithTriviaFrom(returnType);
        return document.WithSyntaxRoot(root.ReplaceNode(returnType, coro));
    }
}
