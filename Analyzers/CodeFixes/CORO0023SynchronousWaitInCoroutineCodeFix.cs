// CORO0023 fix: `x.GetAwaiter().GetResult()` → `await x` (parenthesized inside a larger
// expression unless redundant). Nested loop runs have no mechanical fix.
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

/// <summary>Replaces a synchronous <c>GetAwaiter().GetResult()</c> in a coroutine with <c>await</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0023SynchronousWaitInCoroutineCodeFix))]
[Shared]
public sealed class CORO0023SynchronousWaitInCoroutineCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string AwaitKey = "CORO0023.Await";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.SynchronousWaitInCoroutine];

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.ContainsKey(CORO0023SynchronousWaitInCoroutineAnalyzer.AwaitFixProperty)
            || node is not InvocationExpressionSyntax call
            || FixSyntax.GetResultReceiver(call) is not { } awaited
            || !FixSyntax.CanAwaitAt(call))
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Await instead of waiting synchronously", ct => ReplaceAsync(context.Document, call, awaited, ct), AwaitKey),
            diagnostic);
    }


    private static async Task<Document> ReplaceAsync(Document document, InvocationExpressionSyntax node, ExpressionSyntax awaited, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        return document.WithSyntaxRoot(root.ReplaceNode(node, FixSyntax.AwaitInPlaceOf(node, awaited)));
    }
}
