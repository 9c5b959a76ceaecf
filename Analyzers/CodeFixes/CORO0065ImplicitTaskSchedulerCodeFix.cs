// CORO0065 fix: pass `TaskScheduler.Default`, choosing the shortest overload of the same method
// that takes the call's arguments in order plus a TaskScheduler and filling the parameters the
// call did not have: `CancellationToken.None`, `TaskCreationOptions.None` /
// `TaskContinuationOptions.None`. E.g. `Task.Factory.StartNew(work)` →
// `Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default)`,
// `t.ContinueWith(next)` → `t.ContinueWith(next, TaskScheduler.Default)`. Not offered for calls
// with named arguments.
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
using Microsoft.CodeAnalysis.Simplification;

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>Adds an explicit <c>TaskScheduler.Default</c> to <c>StartNew</c>/<c>ContinueWith</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0065ImplicitTaskSchedulerCodeFix))]
[Shared]
public sealed class CORO0065ImplicitTaskSchedulerCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string DefaultSchedulerKey = "CORO0065.DefaultScheduler";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.ImplicitTaskScheduler];

    /// <inheritdoc/>
    protected override bool NeedsSemanticModel => true;

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (node is not InvocationExpressionSyntax call
            || call.ArgumentList.Arguments.Any(static a => a.NameColon is not null)
            || model!.GetSymbolInfo(call, context.CancellationToken).Symbol is not IMethodSymbol method
            || NewArguments(call, method) is not { } arguments)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Pass 'TaskScheduler.Default'", ct => ReplaceAsync(context.Document, call, arguments, ct), DefaultSchedulerKey),
            diagnostic);
    }

    // The argument list of the overload with a scheduler, or null when there is none to map to.
    private static ArgumentListSyntax? NewArguments(InvocationExpressionSyntax node, IMethodSymbol method)
    {
        IMethodSymbol original = method.OriginalDefinition;
        string[] mine = [.. original.Parameters.Select(static p => p.Type.ToDisplayString())];
        if (node.ArgumentList.Arguments.Count != mine.Length)
        {
            return null; // params/optional expansion: leave it to the user
        }

        foreach (IMethodSymbol candidate in original.ContainingType.GetMembers(original.Name).OfType<IMethodSymbol>()
            .Where(m => m.Arity == original.Arity && m.Parameters.Length > mine.Length && m.Parameters[m.Parameters.Length - 1].Type.Name == "TaskScheduler")
            .OrderBy(static m => m.Parameters.Length))
        {
            var arguments = new List<ArgumentSyntax>();
            int next = 0;
            foreach (IParameterSymbol parameter in candidate.Parameters)
            {
                if (next < mine.Length && parameter.Type.ToDisplayString() == mine[next])
                {
                    arguments.Add(node.ArgumentList.Arguments[next++]);
                }
                else if (Filler(parameter.Type) is { } filler)
                {
                    arguments.Add(SyntaxFactory.Argument(SyntaxFactory.ParseExpression(filler).WithAdditionalAnnotations(Simplifier.Annotation)));
                }
                else
                {
                    arguments.Clear();
                    break;
                }
            }

            if (arguments.Count == candidate.Parameters.Length && next == mine.Length)
            {
                SyntaxToken comma = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
                return node.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(
                    arguments.Select(static a => a.WithoutTrivia()),
                    Enumerable.Repeat(comma, arguments.Count - 1)));
            }
        }

        return null;
    }

    private static string? Filler(ITypeSymbol type) => type.ToDisplayString() switch
    {
        "System.Threading.CancellationToken" => "global::System.Threading.CancellationToken.None",
        "System.Threading.Tasks.TaskCreationOptions" => "global::System.Threading.Tasks.TaskCreationOptions.None",
        "System.Threading.Tasks.TaskContinuationOptions" => "global::System.Threading.Tasks.TaskContinuationOptions.None",
        "System.Threading.Tasks.TaskScheduler" => "global::System.Threading.Tasks.TaskScheduler.Default",
        _ => null,
    };

    private static async Task<Document> ReplaceAsync(Document document, InvocationExpressionSyntax node, ArgumentListSyntax arguments, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        return document.WithSyntaxRoot(root.ReplaceNode(node.ArgumentList, arguments.WithTriviaFrom(node.ArgumentList)));
    }
}
