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
public sealed class CORO0042SyncDisposeOfAsyncDisposableCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string AwaitUsingKey = "CORO0042.AwaitUsing";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.SyncDisposeOfAsyncDisposable];

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        SyntaxToken token = root.FindToken(diagnostic.Location.SourceSpan.Start);
        SyntaxNode? target = token.IsKind(SyntaxKind.UsingKeyword)
            ? token.Parent
            : node;

        bool fixable = target switch
        {
            UsingStatementSyntax or LocalDeclarationStatementSyntax => true,
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax, Parent: ExpressionStatementSyntax } =>
                diagnostic.Properties.ContainsKey(CORO0042SyncDisposeOfAsyncDisposableAnalyzer.DisposeAsyncProperty),
            _ => false,
        };
        if (!fixable || !FixSyntax.CanAwaitAt(target!))
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Dispose asynchronously ('await using')", ct => ReplaceAsync(context.Document, target!, ct), AwaitUsingKey),
            diagnostic);
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
