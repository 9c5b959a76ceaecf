// CORO0093 (opt-in): an await in a catch or finally block of a coroutine, not wrapped in
// Coro.Shield(...). While a task is being cancelled, its cleanup code runs with the cancellation
// still requested; a cancel that arrives (or is repeated, e.g. by a TaskGroup or a timeout) while
// the cleanup awaits interrupts the cleanup itself (asyncio's shield guidance). Off by default:
// most cleanup awaits are short and many are fine to interrupt.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports an await in a coroutine's catch or finally block that is not shielded from cancellation.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0093UnshieldedAwaitInCleanupAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.UnshieldedAwaitInCleanup,
        title: "Await in catch or finally is not shielded from cancellation",
        messageFormat: "This await in a {0} block can be cancelled while the task is already being cancelled, cutting the cleanup short; wrap it in 'Coro.Shield(...)' if it must complete",
        category: DiagnosticCategories.Cancellation,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: false,
        description: "Cleanup that awaits in a catch or finally block of a coroutine runs while the task may be being cancelled; a further cancel interrupts it. Coro.Shield lets the awaited work finish.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.UnshieldedAwaitInCleanup));

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
            if (types is null)
            {
                return;
            }

            start.RegisterOperationAction(context => Analyze(context, types), OperationKind.Await);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var awaitOperation = (IAwaitOperation)context.Operation;
        if (LoopContext.WalkDownConversions(awaitOperation.Operation) is IInvocationOperation { TargetMethod.Name: "Shield" } shield
            && SymbolEqualityComparer.Default.Equals(shield.TargetMethod.ContainingType, types.Coro))
        {
            return;
        }

        // The innermost catch or finally around the await, in the same function.
        string? region = null;
        IOperation child = awaitOperation;
        for (IOperation? current = awaitOperation.Parent; current is not null; child = current, current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return;
            }

            if (current is ICatchClauseOperation clause && child == clause.Handler)
            {
                region = "catch";
                break;
            }

            if (current is ITryOperation @try && child == @try.Finally)
            {
                region = "finally";
                break;
            }
        }

        if (region is null || !LoopContext.IsInCoroutine(awaitOperation, context.ContainingSymbol, types))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, awaitOperation.Syntax.GetLocation(), region));
    }
}
