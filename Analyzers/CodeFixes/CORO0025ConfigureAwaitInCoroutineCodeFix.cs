// CORO0025 fix: `x.ConfigureAwait(...)` → `x` (not offered with ConfigureAwaitOptions.SuppressThrowing,
// whose removal would change what the await throws).
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

/// <summary>Removes a <c>ConfigureAwait(...)</c> call awaited inside a coroutine.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0025ConfigureAwaitInCoroutineCodeFix))]
[Shared]
public sealed class CORO0025ConfigureAwaitInCoroutineCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string RemoveKey = "CORO0025.Remove";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.ConfigureAwaitInCoroutine];

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.ContainsKey(CORO0025ConfigureAwaitInCoroutineAnalyzer.RemovableProperty)
            || node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Remove ConfigureAwait", ct => ReplaceAsync(context.Document, call, access.Expression, ct), RemoveKey),
            diagnostic);
    }

    private static async Task<Document> ReplaceAsync(Document document, InvocationExpressionSyntax node, ExpressionSyntax receiver, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        return document.WithSyntaxRoot(root.ReplaceNode(node, receiver.WithTriviaFrom(node)));
    }
}
