// CORO0029 fix: `await x` → `await await x` (statement or discard), so the inner coroutine runs
// or the inner task is observed.
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>Awaits the inner coroutine or task of a nested awaitable.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0029NestedCoroutineAwaitedOnceCodeFix))]
[Shared]
public sealed class CORO0029NestedCoroutineAwaitedOnceCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string AwaitAgainKey = "CORO0029.AwaitAgain";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.NestedCoroutineAwaitedOnce];

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (node is not AwaitExpressionSyntax awaitExpression)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Await the inner coroutine ('await await')", ct => ReplaceAsync(context.Document, awaitExpression, ct), AwaitAgainKey),
            diagnostic);
    }

    private static async Task<Document> ReplaceAsync(Document document, AwaitExpressionSyntax node, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        AwaitExpressionSyntax replacement = FixSyntax.Await(node);
        return document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
    }
}
