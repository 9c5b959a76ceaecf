// CORO0026 fix: `Task.Delay(ms)` → `Coro.Sleep(TimeSpan.FromMilliseconds(ms))`,
// `Task.Delay(delay)` → `Coro.Sleep(delay)`, `Task.Yield()` → `Coro.Sleep(0)` (the await stays).
// Not offered for the overloads taking a CancellationToken (Coro.Sleep has none: dropping the
// token would stop it from ending the wait) or a TimeProvider (the loop's clock would replace
// it, so a fake provider in tests would no longer drive the delay), nor for infinite delays.
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

/// <summary>Replaces <c>Task.Delay</c>/<c>Task.Yield</c> awaited in a coroutine by <c>Coro.Sleep</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0026ForeignDelayInCoroutineCodeFix))]
[Shared]
public sealed class CORO0026ForeignDelayInCoroutineCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string SleepKey = "CORO0026.Sleep";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.ForeignDelayInCoroutine];

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.TryGetValue(CORO0026ForeignDelayInCoroutineAnalyzer.FixProperty, out string? fix)
            || node is not InvocationExpressionSyntax call
            || Delay(call, fix) is not { } delay)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Use 'Coro.Sleep'", ct => ReplaceAsync(context.Document, call, Sleep(delay), ct), SleepKey),
            diagnostic);
    }

    private static ExpressionSyntax? Delay(InvocationExpressionSyntax node, string? fix)
    {
        if (fix == CORO0026ForeignDelayInCoroutineAnalyzer.FixYield)
        {
            return SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0));
        }

        if (node.ArgumentList.Arguments.Count != 1)
        {
            return null;
        }

        ExpressionSyntax argument = node.ArgumentList.Arguments[0].Expression.WithoutTrivia();
        return fix switch
        {
            CORO0026ForeignDelayInCoroutineAnalyzer.FixTimeSpan => argument,
            CORO0026ForeignDelayInCoroutineAnalyzer.FixMilliseconds => SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression("global::System.TimeSpan.FromMilliseconds").WithAdditionalAnnotations(Simplifier.Annotation),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument)))),
            _ => null,
        };
    }

    private static InvocationExpressionSyntax Sleep(ExpressionSyntax delay) =>
        SyntaxFactory.InvocationExpression(
            SyntaxFactory.ParseExpression("global::CoroGen.Coro.Sleep").WithAdditionalAnnotations(Simplifier.Annotation),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(delay))));

    private static async Task<Document> ReplaceAsync(Document document, InvocationExpressionSyntax node, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        return document.WithSyntaxRoot(root.ReplaceNode(node, replacement.WithTriviaFrom(node)));
    }
}
