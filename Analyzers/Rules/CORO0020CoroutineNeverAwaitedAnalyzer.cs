// CORO0020: a Coro/Coro<T> produced by a call and dropped, as asyncio's "coroutine ... was never
// awaited", but at compile time and in any caller. A Coro is cold: dropping it means the body
// never runs. The discard `_ = M()` is no escape hatch (it is with Task, which is already hot).
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a coroutine call whose <c>Coro</c> is neither awaited, spawned, returned, stored nor passed on.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0020CoroutineNeverAwaitedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property set on the diagnostic when the call is reached through <c>?.</c> (no code fix then).</summary>
    public const string ConditionalAccessProperty = "ConditionalAccess";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.CoroutineNeverAwaited,
        title: "Coroutine is never awaited",
        messageFormat: "The coroutine returned by '{0}' is never awaited or spawned, so its body never runs; await it, spawn it, or pass it on",
        category: DiagnosticCategories.Awaiting,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Calling a coroutine only creates it: its body runs when the Coro is awaited or spawned. A Coro dropped as a statement or assigned to a discard never runs.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.CoroutineNeverAwaited));

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
        IInvocationOperation? invocation = LoopContext.DroppedInvocation(LoopContext.DroppedValue(statement), out bool conditional);
        if (invocation is null || !types.IsCoro(invocation.Type))
        {
            return;
        }

        ImmutableDictionary<string, string?> properties = conditional
            ? ImmutableDictionary<string, string?>.Empty.Add(ConditionalAccessProperty, "true")
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            statement.Operation.Syntax.GetLocation(),
            properties,
            invocation.TargetMethod.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
    }
}
