// CORO_SPR0001: hides CS4014 ("Because this call is not awaited...") where CoroGen knows better.
// CS4014 fires on any awaitable-returning call used as a statement in an async function, which
// for CoroGen means:
// - a dropped Coro/Coro<T>: CORO0020 reports it (as an error, and also outside async code);
// - a dropped Coro.Spawn/EventLoop.Spawn handle: CORO0080 reports it;
// - `group.Spawn(Child());` in a TaskGroup body: the idiom; the group owns and awaits the child.
// The first two are only suppressed while the CoroGen rule is not turned off for the file, so
// disabling CORO0020/CORO0080 brings CS4014 back. Other CoroTask/Future<T> statements keep CS4014.
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Suppressors;

/// <summary>Suppresses CS4014 on dropped coroutines and spawn handles that CoroGen's own rules cover.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CS4014Suppressor : DiagnosticSuppressor
{
    /// <summary>The suppression.</summary>
    public static readonly SuppressionDescriptor Descriptor = new(
        id: DiagnosticIds.SuppressCS4014,
        suppressedDiagnosticId: "CS4014",
        justification: "CoroGen reports a dropped Coro (CORO0020) or spawn handle (CORO0080) itself, and a TaskGroup owns the tasks it spawns");

    /// <inheritdoc/>
    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = [Descriptor];

    /// <inheritdoc/>
    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        KnownTypes? types = null;
        foreach (Diagnostic diagnostic in context.ReportedDiagnostics)
        {
            SyntaxTree? tree = diagnostic.Location.SourceTree;
            if (tree is null)
            {
                continue;
            }

            types ??= KnownTypes.TryCreate(context.Compilation);
            if (types is null)
            {
                return;
            }

            SyntaxNode node = tree.GetRoot(context.CancellationToken).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node.FirstAncestorOrSelf<ExpressionStatementSyntax>() is not { } statement)
            {
                continue;
            }

            SemanticModel model = context.GetSemanticModel(tree);
            if (model.GetOperation(statement, context.CancellationToken) is IExpressionStatementOperation operation
                && ShouldSuppress(operation, types, context.Compilation, tree, context.CancellationToken))
            {
                context.ReportSuppression(Suppression.Create(Descriptor, diagnostic));
            }
        }
    }

    private static bool ShouldSuppress(IExpressionStatementOperation statement, KnownTypes types, Compilation compilation, SyntaxTree tree, CancellationToken cancellationToken)
    {
        IInvocationOperation? invocation = LoopContext.DroppedInvocation(LoopContext.DroppedValue(statement), out _);
        if (invocation is null)
        {
            return false;
        }

        if (types.IsCoro(invocation.Type))
        {
            return IsEnabled(DiagnosticIds.CoroutineNeverAwaited, compilation, tree, cancellationToken);
        }

        if (types.IsCoroTask(invocation.Type))
        {
            return types.IsTaskGroupSpawn(invocation.TargetMethod)
                || (types.IsOwnerlessSpawn(invocation.TargetMethod) && IsEnabled(DiagnosticIds.SpawnedTaskDropped, compilation, tree, cancellationToken));
        }

        return false;
    }

    // Whether .editorconfig / the compilation's options leave the rule on for this file.
    private static bool IsEnabled(string id, Compilation compilation, SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (compilation.Options.SyntaxTreeOptionsProvider is { } provider
            && provider.TryGetDiagnosticValue(tree, id, cancellationToken, out ReportDiagnostic treeValue))
        {
            return treeValue != ReportDiagnostic.Suppress;
        }

        if (compilation.Options.SpecificDiagnosticOptions.TryGetValue(id, out ReportDiagnostic value))
        {
            return value != ReportDiagnostic.Suppress;
        }

        return true;
    }
}
