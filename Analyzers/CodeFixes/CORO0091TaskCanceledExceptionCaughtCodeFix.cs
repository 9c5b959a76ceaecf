// CORO0091 fix: `catch (TaskCanceledException e)` → `catch (OperationCanceledException e)`.
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

/// <summary>Catches <c>OperationCanceledException</c> instead of <c>TaskCanceledException</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0091TaskCanceledExceptionCaughtCodeFix))]
[Shared]
public sealed class CORO0091TaskCanceledExceptionCaughtCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string Key = "CORO0091.OperationCanceledException";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.TaskCanceledExceptionCaught];

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.ContainsKey(CORO0091TaskCanceledExceptionCaughtAnalyzer.FixableProperty)
            || node is not TypeSyntax type
            || type.Parent is not CatchDeclarationSyntax)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Catch OperationCanceledException", ct => ReplaceAsync(context.Document, type, ct), Key),
            diagnostic);
    }

    private static async Task<Document> ReplaceAsync(Document document, TypeSyntax type, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        TypeSyntax replacement = SyntaxFactory.ParseTypeName("global::System.OperationCanceledException")
            .WithAdditionalAnnotations(Simplifier.Annotation)
            .WithTriviaFrom(type);
        return document.WithSyntaxRoot(root.ReplaceNode(type, replacement));
    }
}
