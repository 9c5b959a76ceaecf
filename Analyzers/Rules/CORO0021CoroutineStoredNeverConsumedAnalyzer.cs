// CORO0021: a Coro/Coro<T> created by a call and stored in a local that is never read anywhere in the member: never
// awaited, spawned, run, returned, stored elsewhere, captured or passed to any method. The
// coroutine never runs (a Coro is cold), like CORO0020's dropped call one statement later.
//
// Only this clear-cut subset of ANALYZERS.md §5.2 is implemented: any read of the local, on any
// path, counts as consuming it. Not reported (false negatives): a Coro consumed on some paths
// only, a value overwritten before it is read, fields, and locals only read by something that
// does not consume (`c.ToString()`).
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a <c>Coro</c> local that is assigned but never awaited, spawned or passed on.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0021CoroutineStoredNeverConsumedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.CoroutineStoredNeverConsumed,
        title: "Coroutine stored in a local is never consumed",
        messageFormat: "'{0}' holds a coroutine that is never awaited, spawned or passed on, so it never runs; await or spawn it",
        category: DiagnosticCategories.Awaiting,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A Coro is cold: creating it does nothing. A Coro stored in a local that is never used afterwards (not awaited, spawned, returned, stored, captured or passed to a method) never runs.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.CoroutineStoredNeverConsumed));

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
                // `Coro c = F();` (also `var`): an initialized Coro local.
                if (operation is IVariableDeclaratorOperation { Symbol: { RefKind: RefKind.None } local, Initializer.Value: { } value } declarator
                    && types.IsCoro(local.Type)
                    && LoopContext.WalkDownConversions(value) is IInvocationOperation or IConditionalAccessOperation)
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
