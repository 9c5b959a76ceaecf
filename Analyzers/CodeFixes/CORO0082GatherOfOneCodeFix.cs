// CORO0082 fix: `await Coro.Gather(x)` → `await x` (void Gather) or `new[] { await x }`
// (Gather<T>, which returns T[]). Offered only when the Gather call is awaited directly.
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

/// <summary>Awaits the single argument of <c>Coro.Gather</c> directly.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0082GatherOfOneCodeFix))]
[Shared]
public sealed class CORO0082GatherOfOneCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string Key = "CORO0082.AwaitDirectly";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.GatherOfOne];

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.TryGetValue(CORO0082GatherOfOneAnalyzer.FixProperty, out string? fix)
            || node is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } gather
            || gather.Parent is not AwaitExpressionSyntax awaitGather)
        {
            return;
        }

        bool array = fix == CORO0082GatherOfOneAnalyzer.FixArray;
        context.RegisterCodeFix(
            CodeAction.Create(
                array ? "Await it directly ('new[] { await x }')" : "Await it directly ('await x')",
                ct => ReplaceAsync(context.Document, awaitGather, gather.ArgumentList.Arguments[0].Expression, array, ct),
                Key),
            diagnostic);
    }

    private static async Task<Document> ReplaceAsync(Document document, AwaitExpressionSyntax awaitGather, ExpressionSyntax operand, bool array, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        string awaited = "await " + operand.WithoutTrivia().ToFullString();
        ExpressionSyntax replacement = SyntaxFactory.ParseExpression(array ? "new[] { " + awaited + " }" : awaited);
        return document.WithSyntaxRoot(root.ReplaceNode(awaitGather, replacement.WithTriviaFrom(awaitGather)));
    }
}
