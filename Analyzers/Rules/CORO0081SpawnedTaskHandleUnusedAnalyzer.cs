// CORO0081: the handle of a task started with Coro.Spawn/EventLoop.Spawn is stored in a local
// that is never used afterwards: never awaited, cancelled, returned, stored, captured or passed
// on. The task is as unowned as with CORO0080's dropped handle; the local only hides it.
// TaskGroup.Spawn is exempt (the group owns its children).
//
// Only the clear-cut subset of ANALYZERS.md §5.5 is implemented: any read of the local counts as
// using the handle. Not reported (false negatives): a handle used on some paths only, a handle
// overwritten before it is read, and handles assigned to a local after its declaration.
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a <c>Coro.Spawn</c>/<c>EventLoop.Spawn</c> handle kept in a local that is never used.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0081SpawnedTaskHandleUnusedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.SpawnedTaskHandleUnused,
        title: "Spawned task handle is never used",
        messageFormat: "The task handle '{0}' is never awaited, cancelled or passed on, so the task has no owner and its failure is never observed; await or cancel it, or spawn it in a TaskGroup",
        category: DiagnosticCategories.Tasks,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A task spawned with Coro.Spawn or EventLoop.Spawn whose handle is kept in a local that is never used again runs unowned, like a dropped handle (CORO0080): an exception it raises is only logged when it is collected.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.SpawnedTaskHandleUnused));

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

            start.RegisterOperationBlockAction(context => AnalyzeBlock(context, types));
        });
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, KnownTypes types)
    {
        List<IVariableDeclaratorOperation>? candidates = null;
        foreach (IOperation block in context.OperationBlocks)
        {
            foreach (IOperation operation in block.Descendants())
            {
                // `var t = Coro.Spawn(...);` / `CoroTask t = loop.Spawn(...);`
                if (operation is IVariableDeclaratorOperation { Symbol: { RefKind: RefKind.None } local, Initializer.Value: { } value } declarator
                    && types.IsCoroTask(local.Type)
                    && LoopContext.WalkDownConversions(value) is IInvocationOperation invocation
                    && types.IsOwnerlessSpawn(invocation.TargetMethod))
                {
                    (candidates ??= []).Add(declarator);
                }
            }
        }

        if (candidates is null)
        {
            return;
        }

        HashSet<ILocalSymbol> read = LocalUsage.ReadLocals(context.OperationBlocks);
        foreach (IVariableDeclaratorOperation declarator in candidates)
        {
            if (!read.Contains(declarator.Symbol) && declarator.Symbol.Locations.Length > 0)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, declarator.Symbol.Locations[0], declarator.Symbol.Name));
            }
        }
    }
}
