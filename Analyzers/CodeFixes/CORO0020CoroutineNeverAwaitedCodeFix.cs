// CORO0020 fixes. In an async function: `M();` / `_ = M();` → `await M();`. Outside async code
// whose function does not itself return a Coro (an entry point such as Main or a test):
// `EventLoop.Run(M());`, asyncio.run. Wrapping in Coro.Spawn is not offered: the dropped handle
// would only trade CORO0020 for CORO0080. No fix through `?.` (a Coro? cannot be awaited).
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

/// <summary>Awaits a dropped coroutine, or runs it with <c>EventLoop.Run</c> outside async code.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0020CoroutineNeverAwaitedCodeFix))]
[Shared]
public sealed class CORO0020CoroutineNeverAwaitedCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the await fix.</summary>
    public const string AwaitKey = "CORO0020.Await";

    /// <summary>Equivalence key of the EventLoop.Run fix.</summary>
    public const string RunKey = "CORO0020.Run";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.CoroutineNeverAwaited];

    /// <inheritdoc/>
    protected override bool NeedsSemanticModel => true;

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (diagnostic.Properties.ContainsKey(CORO0020CoroutineNeverAwaitedAnalyzer.ConditionalAccessProperty)
            || node.FirstAncestorOrSelf<ExpressionStatementSyntax>() is not { } statement)
        {
            return;
        }

        if (FixSyntax.CanAwaitAt(statement))
        {
            context.RegisterCodeFix(
                CodeAction.Create("Await the coroutine", ct => ReplaceAsync(context.Document, statement, Await, ct), AwaitKey),
                diagnostic);
        }
        else if (!FixSyntax.IsAsync(FixSyntax.EnclosingFunction(statement)) && !ReturnsCoro(statement, model!, context.CancellationToken))
        {
            context.RegisterCodeFix(
                CodeAction.Create("Run the coroutine to completion with EventLoop.Run", ct => ReplaceAsync(context.Document, statement, Run, ct), RunKey),
                diagnostic);
        }
    }

    private static ExpressionSyntax Coroutine(ExpressionStatementSyntax statement) =>
        statement.Expression is AssignmentExpressionSyntax assignment ? assignment.Right : statement.Expression;

    private static ExpressionSyntax Await(ExpressionStatementSyntax statement) =>
        FixSyntax.Await(Coroutine(statement)).WithTriviaFrom(statement.Expression);

    private static ExpressionSyntax Run(ExpressionStatementSyntax statement) =>
        SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression("global::CoroGen.EventLoop.Run").WithAdditionalAnnotations(Simplifier.Annotation),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(Coroutine(statement).WithoutTrivia()))))
            .WithTriviaFrom(statement.Expression);

    private static async Task<Document> ReplaceAsync(Document document, ExpressionStatementSyntax statement, System.Func<ExpressionStatementSyntax, ExpressionSyntax> rewrite, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        return document.WithSyntaxRoot(root.ReplaceNode(statement.Expression, rewrite(statement)));
    }

    // A non-async function returning a Coro builds a coroutine; running one inside it is wrong.
    private static bool ReturnsCoro(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        SyntaxNode? function = FixSyntax.EnclosingFunction(node);
        ISymbol? symbol = function switch
        {
            null => null,
            AnonymousFunctionExpressionSyntax lambda => model.GetSymbolInfo(lambda, cancellationToken).Symbol,
            _ => model.GetDeclaredSymbol(function, cancellationToken),
        };
        return symbol is IMethodSymbol { ReturnType: { ContainingNamespace.Name: KnownTypeNames.RuntimeNamespace, Name: "Coro" } };
    }
}
