// CORO0062: a coroutine passed where a plain callback is expected (asyncio's "coroutines cannot
// be used with call_soon()"). The loop calls the callback, which only creates the cold Coro and
// drops it (Action), or returns it as the value of executor work (Func<T> with T = Coro): the
// coroutine body never runs. Reported for a lambda whose expression body (or single statement)
// is a Coro, or a method group returning Coro, converted to a non-Coro-returning delegate and
// passed to EventLoop.CallSoon/CallLater/CallAt/CallSoonThreadSafe/RunInExecutor,
// AddDoneCallback (Future<T>, CoroTask, CoroTask<T>) or Coro.ToThread. No code fix: the right
// replacement (spawn it and keep the handle, or give it to a TaskGroup) depends on who owns it.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a coroutine (function) given to a loop API that expects a plain callback.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0062CoroutineAsCallbackAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.CoroutineAsCallback,
        title: "Coroutine passed as a plain callback",
        messageFormat: "'{0}' expects a plain callback, but this one only creates the coroutine '{1}', which then never runs; spawn it instead ('loop.Spawn(...)' and keep the handle, or a TaskGroup)",
        category: DiagnosticCategories.Threading,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "CallSoon, CallLater, CallAt, CallSoonThreadSafe, AddDoneCallback, RunInExecutor and Coro.ToThread call a plain function. A callback that returns a Coro only creates the coroutine; its body never runs.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.CoroutineAsCallback));

    private static readonly ImmutableHashSet<string> s_loopCallbackApis =
        ["CallSoon", "CallLater", "CallAt", "CallSoonThreadSafe", "RunInExecutor"];

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

            INamedTypeSymbol? future = start.Compilation.GetTypeByMetadataName(KnownTypeNames.FutureOfT);
            start.RegisterOperationAction(context => Analyze(context, types, future), OperationKind.DelegateCreation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types, INamedTypeSymbol? future)
    {
        var creation = (IDelegateCreationOperation)context.Operation;
        if (CallbackApi(creation, types, future) is not { } api
            || CreatedCoro(creation.Target, types) is not { } coro)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            creation.Target.Syntax.GetLocation(),
            api,
            coro));
    }

    // The callback API `creation` is an argument of, as "Type.Member", or null.
    private static string? CallbackApi(IDelegateCreationOperation creation, KnownTypes types, INamedTypeSymbol? future)
    {
        IOperation? parent = creation.Parent;
        while (parent is IConversionOperation { IsImplicit: true })
        {
            parent = parent.Parent;
        }

        if (parent is not IArgumentOperation { Parent: IInvocationOperation invocation })
        {
            return null;
        }

        IMethodSymbol method = invocation.TargetMethod;
        INamedTypeSymbol type = method.ContainingType;
        bool callback =
            (SymbolEqualityComparer.Default.Equals(type, types.EventLoop) && s_loopCallbackApis.Contains(method.Name))
            || (SymbolEqualityComparer.Default.Equals(type, types.Coro) && method.Name == "ToThread")
            || (method.Name == "AddDoneCallback"
                && (types.IsCoroTask(type) || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, future)));
        return callback ? type.Name + "." + method.Name : null;
    }

    // The coroutine the delegate's target only creates: a method group returning Coro, or a
    // non-async lambda whose expression body / single statement is a Coro-typed expression.
    private static string? CreatedCoro(IOperation target, KnownTypes types)
    {
        switch (target)
        {
            case IMethodReferenceOperation reference when types.IsCoro(reference.Method.ReturnType):
                return reference.Method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
            case IAnonymousFunctionOperation { Symbol.IsAsync: false } lambda
                when lambda.Body.Operations.Length == 1 || (lambda.Body.Operations.Length == 2 && lambda.Body.Operations[1] is IReturnOperation { ReturnedValue: null, IsImplicit: true }):
            {
                IOperation? value = lambda.Body.Operations[0] switch
                {
                    IExpressionStatementOperation statement => LoopContext.DroppedValue(statement),
                    IReturnOperation @return => @return.ReturnedValue,
                    _ => null,
                };
                value = value is null ? null : LoopContext.WalkDownConversions(value);
                if (value is null || !types.IsCoro(value.Type))
                {
                    return null;
                }

                return value is IInvocationOperation invocation
                    ? invocation.TargetMethod.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)
                    : value.Syntax.ToString();
            }

            default:
                return null;
        }
    }
}
