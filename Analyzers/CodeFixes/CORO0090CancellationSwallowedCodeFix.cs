// CORO0090 fixes:
// - a clause catching more than cancellation (catch-all, Exception, SystemException): add
//   `when (e is not OperationCanceledException)`, declaring `Exception e` (or a free name) when
//   the clause names no variable. Cancellation then propagates; everything else is still caught.
// - a clause catching only cancellation (OperationCanceledException, CancelledError): end the
//   handler with `throw;` (replacing a final return/break/continue), so cleanup runs and the
//   cancellation goes on.
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
using Microsoft.CodeAnalysis.Simplification;

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>Lets cancellation leave a catch clause in a coroutine.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0090CancellationSwallowedCodeFix))]
[Shared]
public sealed class CORO0090CancellationSwallowedCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the filter fix.</summary>
    public const string FilterKey = "CORO0090.Filter";

    /// <summary>Equivalence key of the rethrow fix.</summary>
    public const string RethrowKey = "CORO0090.Rethrow";

    private static readonly string[] s_names = ["e", "ex", "exception", "caught"];

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.CancellationSwallowed];

    /// <inheritdoc/>
    protected override bool NeedsSemanticModel => true;

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.TryGetValue(CORO0090CancellationSwallowedAnalyzer.FixProperty, out string? fix)
            || root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<CatchClauseSyntax>() is not { Filter: null } clause)
        {
            return;
        }

        if (fix == CORO0090CancellationSwallowedAnalyzer.FixRethrow)
        {
            context.RegisterCodeFix(
                CodeAction.Create("Rethrow the cancellation ('throw;')", ct => ReplaceAsync(context.Document, clause, Rethrow(clause), ct), RethrowKey),
                diagnostic);
        }
        else
        {
            string name = clause.Declaration is { Identifier.ValueText: { Length: > 0 } declared }
                ? declared
                : FreeName(model!, clause.Block.SpanStart);
            string type = TypeName(model!, clause.SpanStart);
            context.RegisterCodeFix(
                CodeAction.Create("Let cancellation through ('when (e is not OperationCanceledException)')", ct => ReplaceAsync(context.Document, clause, Filter(clause, name, type), ct), FilterKey),
                diagnostic);
        }
    }

    private static string FreeName(SemanticModel model, int position)
    {
        foreach (string name in s_names)
        {
            if (model.LookupSymbols(position, name: name).IsEmpty)
            {
                return name;
            }
        }

        return "caughtException";
    }

    // The simplifier does not shorten a qualified name inside an `is not` pattern, so the fix
    // writes the short name itself when `System.OperationCanceledException` is in scope.
    private static string TypeName(SemanticModel model, int position) =>
        model.LookupNamespacesAndTypes(position, name: "OperationCanceledException")
            .Any(static symbol => symbol is INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            ? "OperationCanceledException"
            : "global::System.OperationCanceledException";

    private static CatchClauseSyntax Filter(CatchClauseSyntax clause, string name, string type)
    {
        CatchDeclarationSyntax declaration = clause.Declaration is { } existing
            ? (existing.Identifier.ValueText.Length > 0 ? existing : existing.WithIdentifier(SyntaxFactory.Identifier(name)))
            : SyntaxFactory.CatchDeclaration(SyntaxFactory.ParseTypeName("global::System.Exception").WithAdditionalAnnotations(Simplifier.Annotation), SyntaxFactory.Identifier(name));
        CatchFilterClauseSyntax filter = SyntaxFactory.CatchFilterClause(
                SyntaxFactory.ParseExpression(name + " is not " + type))
            .WithAdditionalAnnotations(Simplifier.Annotation);
        CatchClauseSyntax fixedClause = clause
            .WithCatchKeyword(clause.CatchKeyword.WithTrailingTrivia(SyntaxFactory.Space))
            .WithDeclaration(declaration.WithTrailingTrivia(SyntaxFactory.Space))
            .WithFilter(filter.WithTrailingTrivia(clause.Declaration?.GetTrailingTrivia() ?? clause.CatchKeyword.TrailingTrivia));
        return fixedClause;
    }

    private static CatchClauseSyntax Rethrow(CatchClauseSyntax clause)
    {
        BlockSyntax block = clause.Block;
        StatementSyntax rethrow = SyntaxFactory.ThrowStatement().WithAdditionalAnnotations(Formatter.Annotation);
        if (block.Statements.LastOrDefault() is ReturnStatementSyntax { Expression: null } or BreakStatementSyntax or ContinueStatementSyntax)
        {
            StatementSyntax last = block.Statements.Last();
            return clause.WithBlock(block.ReplaceNode(last, rethrow.WithTriviaFrom(last)));
        }

        return clause.WithBlock(block.AddStatements(rethrow));
    }

    private static async Task<Document> ReplaceAsync(Document document, CatchClauseSyntax clause, CatchClauseSyntax replacement, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        return document.WithSyntaxRoot(root.ReplaceNode(clause, replacement));
    }
}
