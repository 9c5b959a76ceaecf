// CORO0092 fix: pass the coroutine's CancellationToken parameter to the call: appended as the
// last argument when it goes to an overload and the call has no named arguments, otherwise as a
// named argument (`cancellationToken: token`).
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CoroGen.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>Forwards the coroutine's <c>CancellationToken</c> to a call that accepts one.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0092CancellationTokenNotForwardedCodeFix))]
[Shared]
public sealed class CORO0092CancellationTokenNotForwardedCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string Key = "CORO0092.Forward";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.CancellationTokenNotForwarded];

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (node is not InvocationExpressionSyntax call
            || !diagnostic.Properties.TryGetValue(CORO0092CancellationTokenNotForwardedAnalyzer.TokenProperty, out string? token)
            || !diagnostic.Properties.TryGetValue(CORO0092CancellationTokenNotForwardedAnalyzer.ParameterProperty, out string? parameter)
            || token is null
            || parameter is null)
        {
            return;
        }

        bool positional = diagnostic.Properties.ContainsKey(CORO0092CancellationTokenNotForwardedAnalyzer.OverloadProperty)
            && call.ArgumentList.Arguments.All(static a => a.NameColon is null);
        context.RegisterCodeFix(
            CodeAction.Create($"Pass '{token}'", ct => AddAsync(context.Document, call, token, positional ? null : parameter, ct), Key),
            diagnostic);
    }

    private static async Task<Document> AddAsync(Document document, InvocationExpressionSyntax node, string token, string? parameter, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        ArgumentSyntax argument = SyntaxFactory.Argument(SyntaxFactory.IdentifierName(token));
        if (parameter is not null)
        {
            argument = argument.WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(parameter)));
        }

        return document.WithSyntaxRoot(root.ReplaceNode(node.ArgumentList, node.ArgumentList.AddArguments(argument).WithAdditionalAnnotations(Formatter.Annotation)));
    }
}
