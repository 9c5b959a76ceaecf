// CORO0028 fix: `using (Child())` → `using (await Child())`, `using var x = Acquire();` →
// `using var x = await Acquire();`. Offered when the awaited result is disposable and an await is
// allowed at that point (async function, not inside a lock statement).
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using CoroGen.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>Awaits the coroutine or awaitable a <c>using</c> was given, so it owns the result.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0028UsingOnCoroutineCodeFix))]
[Shared]
public sealed class CORO0028UsingOnCoroutineCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string AwaitKey = "CORO0028.Await";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.UsingOnCoroutine];

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.ContainsKey(CORO0028UsingOnCoroutineAnalyzer.AwaitFixProperty)
            || node is not ExpressionSyntax expression
            || !FixSyntax.CanAwaitAt(expression))
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Await it and dispose the result", ct => ReplaceAsync(context.Document, expression, ct), AwaitKey),
            diagnostic);
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax node, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        return document.WithSyntaxRoot(root.ReplaceNode(node, FixSyntax.Await(node)));
    }
}
