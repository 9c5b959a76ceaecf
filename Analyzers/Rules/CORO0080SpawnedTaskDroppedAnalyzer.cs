// CORO0080: the handle of a task started with Coro.Spawn/EventLoop.Spawn is dropped. Nobody owns
// the task then: its exception is only logged ("Task exception was never retrieved") when the
// box is collected, and nothing can cancel or await it. TaskGroup.Spawn is exempt: the group
// owns its children, awaits them and propagates their errors, so dropping that handle is the
// idiom. There is no Detach API yet; the opt-out is #pragma or .editorconfig (see the doc).
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a dropped <c>CoroTask</c> handle returned by <c>Coro.Spawn</c> or <c>EventLoop.Spawn</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0080SpawnedTaskDroppedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.SpawnedTaskDropped,
        title: "Spawned task handle is dropped",
        messageFormat: "The task started by '{0}' has no owner: its handle is dropped, so its failure is never observed and it cannot be awaited or cancelled; keep the handle, or spawn it in a TaskGroup",
        category: DiagnosticCategories.Tasks,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A task spawned with Coro.Spawn or EventLoop.Spawn whose handle is dropped runs unowned: an exception it raises is only logged when it is collected. Keep the handle and await it, or use TaskGroup.Spawn.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.SpawnedTaskDropped));

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
            if (types?.CoroTask is null)
            {
                return;
            }

            start.RegisterOperationAction(context => Analyze(context, types), OperationKind.ExpressionStatement);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var statement = (IExpressionStatementOperation)context.Operation;
        IInvocationOperation? invocation = LoopContext.DroppedInvocation(LoopContext.DroppedValue(statement), out _);
        if (invocation is null || !types.IsCoroTask(invocation.Type) || !types.IsOwnerlessSpawn(invocation.TargetMethod))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            statement.Operation.Syntax.GetLocation(),
            invocation.TargetMethod.ContainingType.Name + "." + invocation.TargetMethod.Name));
    }
}
