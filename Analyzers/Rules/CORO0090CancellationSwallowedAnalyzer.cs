// CORO0090: a catch clause in a coroutine that can swallow cancellation. CoroGen cancels a task
// by raising CancelledError (an OperationCanceledException) at its current await; a catch that
// takes it and completes normally leaves the task running as if nothing happened, so
// task.Cancel(), timeouts and TaskGroup shutdown silently fail (asyncio: "CancelledError should
// be re-raised"). Reported when: the clause catches CancelledError (catch-all, Exception,
// SystemException, OperationCanceledException, CancelledError), has no `when` filter, guards a
// try block that awaits, and its block can end other than by throwing.
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a catch clause in a coroutine that catches cancellation and does not rethrow it.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0090CancellationSwallowedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property naming the code fix that applies.</summary>
    public const string FixProperty = "Fix";

    /// <summary><see cref="FixProperty"/> value: add <c>when (e is not OperationCanceledException)</c>.</summary>
    public const string FixFilter = "Filter";

    /// <summary><see cref="FixProperty"/> value: end the handler with <c>throw;</c> (the clause catches only cancellation).</summary>
    public const string FixRethrow = "Rethrow";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.CancellationSwallowed,
        title: "Catch clause swallows cancellation",
        messageFormat: "This catch clause catches '{0}' around an await and can complete without rethrowing, which swallows the task's cancellation (CancelledError); filter cancellation out or rethrow it",
        category: DiagnosticCategories.Cancellation,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Cancelling a task raises CancelledError at its current await. A catch clause in a coroutine that catches it and completes normally keeps the task running, so Cancel, timeouts and task groups stop working.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.CancellationSwallowed));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            KnownTypes? types = KnownTypes.TryCreate(start.Compilation);
            if (types?.CancelledError is null)
            {
                return;
            }

            start.RegisterOperationAction(context => Analyze(context, types), OperationKind.Try);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var tryOperation = (ITryOperation)context.Operation;
        if (tryOperation.Catches.IsEmpty
            || tryOperation.Syntax is not TryStatementSyntax trySyntax
            || !ContainsAwait(trySyntax.Block)
            || !LoopContext.IsInCoroutine(tryOperation, context.ContainingSymbol, types))
        {
            return;
        }

        foreach (ICatchClauseOperation clause in tryOperation.Catches)
        {
            if (clause.Filter is not null
                || clause.Syntax is not CatchClauseSyntax catchSyntax
                || !CatchesCancellation(clause.ExceptionType, types)
                || !CanCompleteWithoutThrow(catchSyntax.Block, clause.SemanticModel))
            {
                continue;
            }

            bool onlyCancellation = SymbolEqualityComparer.Default.Equals(clause.ExceptionType, types.OperationCanceledException)
                || SymbolEqualityComparer.Default.Equals(clause.ExceptionType, types.CancelledError);
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
                .Add(FixProperty, onlyCancellation ? FixRethrow : FixFilter);
            Location location = catchSyntax.Declaration?.GetLocation() ?? catchSyntax.CatchKeyword.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                location,
                properties,
                catchSyntax.Declaration is null ? "everything" : clause.ExceptionType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
        }
    }

    // CancelledError converts to the caught type: catch-all (object), Exception, SystemException,
    // OperationCanceledException, CancelledError. TaskCanceledException does not catch it.
    private static bool CatchesCancellation(ITypeSymbol caught, KnownTypes types)
    {
        for (INamedTypeSymbol? type = types.CancelledError; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type, caught))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsAwait(BlockSyntax block) =>
        block.DescendantNodes(static node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(static node => node switch
            {
                AwaitExpressionSyntax => true,
                CommonForEachStatementSyntax forEach => forEach.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
                UsingStatementSyntax @using => @using.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
                LocalDeclarationStatementSyntax declaration => declaration.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
                _ => false,
            });

    // The handler swallows when its end is reachable or it leaves by return/break/continue/goto.
    private static bool CanCompleteWithoutThrow(BlockSyntax block, SemanticModel? model)
    {
        if (block.Statements.Count == 0)
        {
            return true;
        }

        if (model is null)
        {
            return false;
        }

        ControlFlowAnalysis? flow = model.AnalyzeControlFlow(block.Statements.First(), block.Statements.Last());
        return flow is { Succeeded: true } && (flow.EndPointIsReachable || !flow.ExitPoints.IsEmpty);
    }
}
