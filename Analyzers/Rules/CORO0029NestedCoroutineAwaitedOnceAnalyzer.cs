// CORO0029: an await whose result is itself a CoroGen awaitable (Coro<Coro<T>>, Coro<CoroTask<T>>,
// CoroTask<Coro<T>>, ...) and whose result is then dropped: `await x;` or `_ = await x;`. The
// outer coroutine ran, the inner one did not (a Coro is cold) or its outcome is never observed
// (a CoroTask). The call form `M();` / `_ = M();` is CORO0020's; an await is never an invocation,
// so the two rules never report the same expression.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports an await whose CoroGen-awaitable result is dropped instead of awaited again.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0029NestedCoroutineAwaitedOnceAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.NestedCoroutineAwaitedOnce,
        title: "Nested coroutine awaited only once",
        messageFormat: "This await produces a '{0}' that is dropped, so {1}; await it again ('await await ...')",
        category: DiagnosticCategories.Awaiting,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Awaiting a Coro<Coro<T>>, Coro<CoroTask<T>> or CoroTask<Coro<T>> once yields the inner coroutine or task. Dropping it means the inner coroutine never runs (a Coro is cold) or the inner task's result and exception are never observed.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.NestedCoroutineAwaitedOnce));

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

            start.RegisterOperationAction(context => Analyze(context, types), OperationKind.ExpressionStatement);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var statement = (IExpressionStatementOperation)context.Operation;
        if (LoopContext.DroppedValue(statement) is not IAwaitOperation awaitOperation)
        {
            return;
        }

        string? consequence = types.IsCoro(awaitOperation.Type)
            ? "the inner coroutine never runs"
            : types.IsCoroTask(awaitOperation.Type)
                ? "the inner task's result and exception are never observed"
                : null;
        if (consequence is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            awaitOperation.Syntax.GetLocation(),
            awaitOperation.Type!.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat),
            consequence));
    }
}
