// CORO0060 fix: hand the call to the loop thread, `call;` → `loop.CallSoonThreadSafe(() => call);`,
// with the EventLoop variable the analyzer found (the call's own receiver, or the only EventLoop
// local/parameter/field in scope). Offered only for a call used as a statement.
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

/// <summary>Wraps a loop-affine call made off the loop thread in <c>loop.CallSoonThreadSafe(() => ...)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0060LoopAffineCallFromOtherThreadCodeFix))]
[Shared]
public sealed class CORO0060LoopAffineCallFromOtherThreadCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string Key = "CORO0060.CallSoonThreadSafe";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.LoopAffineCallFromOtherThread];

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.TryGetValue(CORO0060LoopAffineCallFromOtherThreadAnalyzer.LoopProperty, out string? loop)
            || loop is null
            || node is not InvocationExpressionSyntax call
            || call.Parent is not ExpressionStatementSyntax statement)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Call it on the loop thread ('{loop}.CallSoonThreadSafe(() => ...)')",
                ct => WrapAsync(context.Document, statement, loop, ct),
                Key),
            diagnostic);
    }

    private static async Task<Document> WrapAsync(Document document, ExpressionStatementSyntax statement, string loop, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        ExpressionSyntax call = statement.Expression;
        ExpressionSyntax wrapped = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseExpression(loop),
                    SyntaxFactory.IdentifierName("CallSoonThreadSafe")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                    SyntaxFactory.ParenthesizedLambdaExpression(call.WithoutTrivia())
                        .WithArrowToken(SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space))))))
            .WithTriviaFrom(call);
        return document.WithSyntaxRoot(root.ReplaceNode(statement, statement.WithExpression(wrapped)));
    }
}
