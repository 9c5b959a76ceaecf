// CORO0041 fix: `x.Read(buffer, 0, n)` → `await x.ReadAsync(buffer, 0, n)`; when the sibling
// takes a CancellationToken right after the call's arguments the fix passes the coroutine's only
// CancellationToken parameter, or `CancellationToken.None` when the token is required and there
// is none. A value used in a larger expression is parenthesised unless
// that is redundant. Not offered for `x?.Read()` nor inside a lock statement.
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

/// <summary>Replaces a synchronous call by an await of its <c>...Async</c> sibling.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0041SyncMemberWithAsyncSiblingCodeFix))]
[Shared]
public sealed class CORO0041SyncMemberWithAsyncSiblingCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string AwaitSiblingKey = "CORO0041.AwaitSibling";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.SyncMemberWithAsyncSibling];

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.TryGetValue(CORO0041SyncMemberWithAsyncSiblingAnalyzer.SiblingProperty, out string? sibling)
            || sibling is null
            || node is not InvocationExpressionSyntax call
            || Rename(call.Expression, sibling) is null
            || !FixSyntax.CanAwaitAt(call))
        {
            return;
        }

        diagnostic.Properties.TryGetValue(CORO0041SyncMemberWithAsyncSiblingAnalyzer.TokenProperty, out string? token);
        context.RegisterCodeFix(
            CodeAction.Create($"Await '{sibling}'", ct => ReplaceAsync(context.Document, call, sibling, token, ct), AwaitSiblingKey),
            diagnostic);
    }

    // The callee expression with its method name replaced, or null when the shape is not handled.
    private static ExpressionSyntax? Rename(ExpressionSyntax callee, string name) => callee switch
    {
        IdentifierNameSyntax identifier => identifier.WithIdentifier(SyntaxFactory.Identifier(name).WithTriviaFrom(identifier.Identifier)),
        GenericNameSyntax generic => generic.WithIdentifier(SyntaxFactory.Identifier(name).WithTriviaFrom(generic.Identifier)),
        MemberAccessExpressionSyntax access when Rename(access.Name, name) is SimpleNameSyntax renamed => access.WithName(renamed),
        _ => null,
    };

    private static async Task<Document> ReplaceAsync(Document document, InvocationExpressionSyntax node, string sibling, string? token, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        InvocationExpressionSyntax call = node.WithExpression(Rename(node.Expression, sibling)!);
        if (token is not null)
        {
            ExpressionSyntax argument = token.Length > 0
                ? SyntaxFactory.IdentifierName(token)
                : SyntaxFactory.ParseExpression("global::System.Threading.CancellationToken.None").WithAdditionalAnnotations(Simplifier.Annotation);
            call = call.AddArgumentListArguments(SyntaxFactory.Argument(argument));
        }

        ExpressionSyntax replacement = node.Parent is ExpressionStatementSyntax
            ? FixSyntax.Await(call)
            : SyntaxFactory.ParenthesizedExpression(SyntaxFactory.AwaitExpression(call.WithoutTrivia()))
                .WithTriviaFrom(node)
                .WithAdditionalAnnotations(Simplifier.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
    }
}
