// CORO0006: inside a coroutine, a call producing a Coro/Coro<T> through virtual, abstract,
// override or interface dispatch, or through a delegate. The coroutine compiler cannot know
// which body runs, so it cannot embed the callee's frame in the caller's struct machine: the
// callee runs through the pooled builder (a boxed frame). Informational: often the right design.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a coroutine obtained through virtual, interface or delegate dispatch inside a coroutine.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0006CoroutineDispatchAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.CoroutineDispatch,
        title: "Coroutine called through virtual, interface or delegate dispatch",
        messageFormat: "'{0}' is called through {1}; its state machine cannot be embedded in this coroutine's and runs boxed",
        category: DiagnosticCategories.Generator,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "The coroutine compiler embeds the frame of a statically known awaited coroutine in the caller's struct state machine. A coroutine reached through a virtual, abstract or interface member or a delegate is only known at run time, so its frame is allocated (pooled) instead.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.CoroutineDispatch));

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

            start.RegisterOperationAction(context => Analyze(context, types), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol target = invocation.TargetMethod;
        string? dispatch = target switch
        {
            { MethodKind: MethodKind.DelegateInvoke } => "a delegate",
            { ContainingType.TypeKind: TypeKind.Interface } when invocation.IsVirtual => "an interface",
            _ when invocation.IsVirtual => "virtual dispatch",
            _ => null,
        };
        if (dispatch is null
            || !types.IsCoro(invocation.Type)
            || !LoopContext.IsInCoroutine(invocation, context.ContainingSymbol, types))
        {
            return;
        }

        string name = target.MethodKind == MethodKind.DelegateInvoke
            ? invocation.Instance?.Syntax.ToString() ?? target.ContainingType.Name
            : target.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), name, dispatch));
    }
}
