// CORO0024 fix: `x.GetAwaiter().GetResult()` on a Coro → `EventLoop.Run(x)`, which creates a
// loop, runs the coroutine to completion on it and returns its result. Tasks have no fix.
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

/// <summary>Replaces <c>coro.GetAwaiter().GetResult()</c> outside the loop with <c>EventLoop.Run(coro)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0024SynchronousWaitOutsideLoopCodeFix))]
[Shared]
public sealed class CORO0024SynchronousWaitOutsideLoopCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string RunKey = "CORO0024.Run";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.SynchronousWaitOutsideLoop];

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.ContainsKey(CORO0024SynchronousWaitOutsideLoopAnalyzer.RunFixProperty)
            || node is not InvocationExpressionSyntax call
            || FixSyntax.GetResultReceiver(call) is not { } waited)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Run it with EventLoop.Run", ct => ReplaceAsync(context.Document, call, waited, ct), RunKey),
            diagnostic);
    }


    private static async Task<Document> ReplaceAsync(Document document, InvocationExpressionSyntax node, ExpressionSyntax waited, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        ExpressionSyntax eventLoop = SyntaxFactory.ParseExpression("global::CoroGen.EventLoop").WithAdditionalAnnotations(Simplifier.Annotation);
        InvocationExpressionSyntax replacement = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, eventLoop, SyntaxFactory.IdentifierName("Run")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(waited.WithoutTrivia()))))
            .WithTriviaFrom(node);
        return document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
    }
}
