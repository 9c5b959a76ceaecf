// CORO0024: `x.GetAwaiter().GetResult()` on a Coro, Coro<T>, CoroTask or CoroTask<T> in code that
// is not a coroutine (inside coroutines CORO0023 reports it). A coroutine only progresses on its
// event loop; blocking on it from outside never drives the loop, so the call throws (the Coro is
// not started, the task is not done) or deadlocks. The designated way to run a coroutine from
// synchronous code is EventLoop.Run(coro) (or loop.RunUntilComplete / Runner.Run).
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports <c>GetAwaiter().GetResult()</c> on a <c>Coro</c> or CoroGen task outside coroutines.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0024SynchronousWaitOutsideLoopAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property set on the diagnostic when the waited value is a <c>Coro</c> (fix: <c>EventLoop.Run(x)</c>).</summary>
    public const string RunFixProperty = "Run";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.SynchronousWaitOutsideLoop,
        title: "Synchronous wait on a coroutine outside the event loop",
        messageFormat: "'GetAwaiter().GetResult()' on '{0}' cannot work: a coroutine only runs on its event loop, which nothing drives here; {1}",
        category: DiagnosticCategories.Awaiting,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A Coro is cold and a CoroTask completes only while its loop runs. Blocking on one with GetAwaiter().GetResult() from ordinary code never runs the loop: the call throws or deadlocks. Run the coroutine with EventLoop.Run(...) (or loop.RunUntilComplete / Runner.Run), or await it from a coroutine.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.SynchronousWaitOutsideLoop));

    private const string CoroAdvice = "run it with 'EventLoop.Run(...)' instead";
    private const string TaskAdvice = "await it from a coroutine, or run the coroutine that produces it with 'EventLoop.Run(...)'";

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
        if (invocation.TargetMethod is not { Name: "GetResult", Parameters.Length: 0 }
            || invocation.Instance is not IInvocationOperation { TargetMethod: { Name: "GetAwaiter", Parameters.Length: 0 }, Instance: { } waited })
        {
            return;
        }

        ITypeSymbol? type = waited.Type;
        bool isCoro = types.IsCoro(type);
        if ((!isCoro && !types.IsCoroTask(type)) || LoopContext.IsInCoroutine(invocation, context.ContainingSymbol, types))
        {
            return;
        }

        ImmutableDictionary<string, string?> properties = isCoro && types.EventLoop is not null
            ? ImmutableDictionary<string, string?>.Empty.Add(RunFixProperty, "true")
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            invocation.Syntax.GetLocation(),
            properties,
            type!.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            isCoro ? CoroAdvice : TaskAdvice));
    }
}
