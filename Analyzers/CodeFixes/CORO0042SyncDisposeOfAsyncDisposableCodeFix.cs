// CORO0042 fix: `using (var s = ...)` → `await using (var s = ...)`, `using var s = ...;` →
// `await using var s = ...;`, and a `x.Dispose();` statement → `await x.DisposeAsync();`.
// Not offered inside a lock statement (an await cannot appear there).
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

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>Disposes an <c>IAsyncDisposable</c> asynchronously in a coroutine.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0042SyncDisposeOfAsyncDisposableCodeFix))]
[Shared]
public sealed class CORO0042SyncDisposeOfAsyncDisposableCodeFix : CodeFixProvider
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string AwaitUsingKey = "CORO0042.AwaitUsing";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.SyncDisposeOfAsyncDisposable];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxToken token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            SyntaxNode? node = token.IsKind(SyntaxKind.UsingKeyword)
                ? token.Parent
                : root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

            bool fixable = node switch
            {
                UsingStatementSyntax or LocalDeclarationStatementSyntax => true,
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax, Parent: ExpressionStatementSyntax } =>
                    diagnostic.Properties.ContainsKey(CORO0042SyncDisposeOfAsyncDisposableAnalyzer.DisposeAsyncProperty),
                _ => false,
            };
            if (!fixable || !FixSyntax.CanAwaitAt(node!))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Dispose asynchronously ('await using')", ct => ReplaceAsync(context.Document, node!, ct), AwaitUsingKey),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        SyntaxNode replacement = node switch
        {
            UsingStatementSyntax statement => statement
                .WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithLeadingTrivia(statement.UsingKeyword.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space))
                .WithUsingKeyword(statement.UsingKeyword.WithLeadingTrivia()),
            LocalDeclarationStatementSyntax declaration => declaration
                .WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithLeadingTrivia(declaration.UsingKeyword.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space))
                .WithUsingKeyword(declaration.UsingKeyword.WithLeadingTrivia()),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call => FixSyntax.Await(call
                .WithExpression(access.WithName(SyntaxFactory.IdentifierName("DisposeAsync").WithTriviaFrom(access.Name)))),
            _ => node,
        };
        return document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
    }
}
