// CORO0100 fix: make the method async and await each returned coroutine inside its scope:
// `return F(r);` → `return await F(r);` (Coro<T>), or `await F(r);` + `return;` (Coro; the
// `return;` is left out when it is the method's last statement). The method is then an async
// Coro method, which CORO0003 asks to mark [Coroutine]. Offered for method declarations with a
// block body whose every return has a value, and for Coro only when each return sits in a block.
// Several diagnostics in one method are one edit (fix-all rewrites each method once).
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>Makes a Coro-returning wrapper async and awaits the coroutine inside the using/try scope.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0100CoroutineReturnedFromDisposingScopeCodeFix))]
[Shared]
public sealed class CORO0100CoroutineReturnedFromDisposingScopeCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string Key = "CORO0100.AwaitInScope";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.CoroutineReturnedFromDisposingScope];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (fixAll, document, diagnostics) =>
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(fixAll.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return null;
            }

            var methods = new HashSet<MethodDeclarationSyntax>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (FixableMethod(root, diagnostic) is { } method)
                {
                    methods.Add(method);
                }
            }

            return document.WithSyntaxRoot(root.ReplaceNodes(methods, static (original, _) => Rewrite(original)!));
        });

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (FixableMethod(root, diagnostic) is { } method)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Make the method async and await the coroutine", ct => FixAsync(context.Document, root, method, ct), Key),
                diagnostic);
        }
    }

    private static Task<Document> FixAsync(Document document, SyntaxNode root, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(method, Rewrite(method)!)));
    }

    private static MethodDeclarationSyntax? FixableMethod(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<SyntaxNode>(static n => n is MethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax) is MethodDeclarationSyntax method
            && Rewrite(method) is not null
            ? method
            : null;

    // The async version of `method`, or null when there is no simple one.
    private static MethodDeclarationSyntax? Rewrite(MethodDeclarationSyntax method)
    {
        if (method.Body is not { } body || method.Modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            return null;
        }

        bool hasValue = method.ReturnType is GenericNameSyntax or QualifiedNameSyntax { Right: GenericNameSyntax };
        List<ReturnStatementSyntax> returns = [.. body.DescendantNodes(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<ReturnStatementSyntax>()];
        if (returns.Count == 0 || returns.Any(r => r.Expression is null || (!hasValue && r.Parent is not BlockSyntax)))
        {
            return null;
        }

        MethodDeclarationSyntax rewritten;
        if (hasValue)
        {
            rewritten = method.ReplaceNodes(returns, static (_, current) =>
                current.WithExpression(SyntaxFactory.AwaitExpression(current.Expression!.WithoutTrivia()).WithTriviaFrom(current.Expression!)));
        }
        else
        {
            // `return F();` → `await F(); return;`, the `return;` left out at the end of the body.
            rewritten = method.TrackNodes(returns);
            foreach (ReturnStatementSyntax original in returns)
            {
                ReturnStatementSyntax current = rewritten.GetCurrentNode(original)!;
                bool last = original.Parent == body && body.Statements.Last() == original;
                ExpressionStatementSyntax awaited = SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(current.Expression!.WithoutTrivia()))
                    .WithLeadingTrivia(current.GetLeadingTrivia())
                    .WithTrailingTrivia(current.GetTrailingTrivia());
                rewritten = last
                    ? rewritten.ReplaceNode(current, awaited)
                    : rewritten.ReplaceNode(current, [awaited, SyntaxFactory.ReturnStatement().WithLeadingTrivia(Indentation(current.GetLeadingTrivia())).WithTrailingTrivia(current.GetTrailingTrivia())]);
            }
        }

        SyntaxToken asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        rewritten = rewritten.Modifiers.Count == 0
            ? rewritten.WithReturnType(rewritten.ReturnType.WithoutLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(rewritten.ReturnType.GetLeadingTrivia())))
            : rewritten.WithModifiers(rewritten.Modifiers.Add(asyncKeyword));
        return rewritten;
    }

    // The indentation of a statement: its leading trivia after the last end of line (no blank lines or comments).
    private static SyntaxTriviaList Indentation(SyntaxTriviaList leading)
    {
        int start = 0;
        for (int i = 0; i < leading.Count; i++)
        {
            if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                start = i + 1;
            }
        }

        return SyntaxFactory.TriviaList(leading.Skip(start).Where(static t => t.IsKind(SyntaxKind.WhitespaceTrivia)));
    }
}
