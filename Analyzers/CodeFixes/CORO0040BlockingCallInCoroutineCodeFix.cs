// CORO0040 fixes, where the loop-native replacement is mechanical:
// - `Thread.Sleep(n)` → `await Coro.Sleep(TimeSpan.FromMilliseconds(n))` (a TimeSpan argument is passed as is);
// - `t.Result`, `t.Wait()`, `t.GetAwaiter().GetResult()` on a Task/ValueTask → `await t`.
// Other blocking members (WaitHandle, Monitor, Console, ...) have no one-to-one replacement.
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

/// <summary>Replaces a blocking call in a coroutine by its awaitable form.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0040BlockingCallInCoroutineCodeFix))]
[Shared]
public sealed class CORO0040BlockingCallInCoroutineCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the Thread.Sleep fix.</summary>
    public const string SleepKey = "CORO0040.Sleep";

    /// <summary>Equivalence key of the await fix.</summary>
    public const string AwaitKey = "CORO0040.Await";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.BlockingCallInCoroutine];

    /// <inheritdoc/>
    protected override bool NeedsSemanticModel => true;

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.TryGetValue(CORO0040BlockingCallInCoroutineAnalyzer.FixProperty, out string? fix)
            || node is not ExpressionSyntax expression
            || !FixSyntax.CanAwaitAt(expression))
        {
            return;
        }

        if (fix == CORO0040BlockingCallInCoroutineAnalyzer.FixSleep
            && expression is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } sleep)
        {
            ArgumentSyntax argument = sleep.ArgumentList.Arguments[0];
            bool timeSpan = model!.GetTypeInfo(argument.Expression, context.CancellationToken).Type is { Name: "TimeSpan", ContainingNamespace.Name: "System" };
            context.RegisterCodeFix(
                CodeAction.Create("Use 'await Coro.Sleep(...)'", ct => ReplaceAsync(context.Document, expression, Sleep(argument.Expression, timeSpan), ct), SleepKey),
                diagnostic);
        }
        else if (fix == CORO0040BlockingCallInCoroutineAnalyzer.FixAwait && AwaitedTask(expression) is { } task)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Await the task instead of blocking on it", ct => ReplaceAsync(context.Document, expression, AwaitTask(expression, task), ct), AwaitKey),
                diagnostic);
        }
    }

    // t.Result → t; t.Wait() → t; t.GetAwaiter().GetResult() → t.
    private static ExpressionSyntax? AwaitedTask(ExpressionSyntax node) => node switch
    {
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result => result.Expression,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait } => wait.Expression,
        _ => FixSyntax.GetResultReceiver(node),
    };

    private static ExpressionSyntax AwaitTask(ExpressionSyntax node, ExpressionSyntax task) => FixSyntax.AwaitInPlaceOf(node, task);

    private static ExpressionSyntax Sleep(ExpressionSyntax argument, bool timeSpan)
    {
        ExpressionSyntax delay = timeSpan
            ? argument.WithoutTrivia()
            : SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression("global::System.TimeSpan.FromMilliseconds").WithAdditionalAnnotations(Simplifier.Annotation),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument.WithoutTrivia()))));
        ExpressionSyntax call = SyntaxFactory.InvocationExpression(
            SyntaxFactory.ParseExpression("global::CoroGen.Coro.Sleep").WithAdditionalAnnotations(Simplifier.Annotation),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(delay))));
        return SyntaxFactory.AwaitExpression(call);
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax node, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        return document.WithSyntaxRoot(root.ReplaceNode(node, replacement.WithTriviaFrom(node)));
    }
}
