// CORO0023: a coroutine waiting synchronously on the loop it runs on. Two shapes:
// - GetResult() on the awaiter of a CoroGen awaitable (Coro, Coro<T>, CoroTask, CoroTask<T>,
//   Future<T>, lock/queue/event awaitables: every awaiter implementing ICoroAwaiter), typically
//   `x.GetAwaiter().GetResult()`: the awaited work can only progress on this very thread, so the
//   call throws or deadlocks;
// - a nested run of a loop: EventLoop.Run, loop.RunUntilComplete, loop.RunForever, Runner.Run
//   (asyncio: "asyncio.run() cannot be called from a running event loop").
// Task/ValueTask waits are CORO0040's; they are not reported here.
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports <c>GetAwaiter().GetResult()</c> on CoroGen awaitables and nested loop runs inside coroutines.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0023SynchronousWaitInCoroutineAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property set on the diagnostic when <c>x.GetAwaiter().GetResult()</c> can become <c>await x</c>.</summary>
    public const string AwaitFixProperty = "Await";

    /// <summary>Metadata name of the interface every CoroGen awaiter implements.</summary>
    public const string CoroAwaiterName = KnownTypeNames.CoroAwaiter;

    /// <summary>Metadata name of <c>CoroGen.Runner</c>.</summary>
    public const string RunnerName = KnownTypeNames.Runner;

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.SynchronousWaitInCoroutine,
        title: "Synchronous wait inside a coroutine",
        messageFormat: "'{0}' waits synchronously inside a coroutine, on the loop thread that has to do the work; {1}",
        category: DiagnosticCategories.Awaiting,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A coroutine runs on the event loop thread. Blocking on a CoroGen awaitable (GetAwaiter().GetResult()) or running a loop from there (EventLoop.Run, RunUntilComplete, RunForever, Runner.Run) cannot work: the awaited work needs the thread that is blocked, and a loop is already running on it.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.SynchronousWaitInCoroutine));

    private const string AwaitAdvice = "await it instead";
    private const string NestedRunAdvice = "a loop is already running on this thread: await the coroutine instead";

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

            INamedTypeSymbol? awaiter = start.Compilation.GetTypeByMetadataName(CoroAwaiterName);
            INamedTypeSymbol? runner = start.Compilation.GetTypeByMetadataName(RunnerName);
            start.RegisterOperationAction(context => Analyze(context, types, awaiter, runner), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types, INamedTypeSymbol? coroAwaiter, INamedTypeSymbol? runner)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        string advice;
        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
        if (method is { Name: "GetResult", Parameters.Length: 0 } && invocation.Instance is not null && IsCoroAwaiter(method.ContainingType, coroAwaiter))
        {
            advice = AwaitAdvice;
            if (invocation.Instance is IInvocationOperation { TargetMethod: { Name: "GetAwaiter", Parameters.Length: 0 }, Instance: not null })
            {
                properties = properties.Add(AwaitFixProperty, "true");
            }
        }
        else if (IsLoopRun(method, types, runner))
        {
            advice = NestedRunAdvice;
        }
        else
        {
            return;
        }

        if (!LoopContext.IsInCoroutine(invocation, context.ContainingSymbol, types))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            invocation.Syntax.GetLocation(),
            properties,
            method.ContainingType.Name + "." + method.Name,
            advice));
    }

    private static bool IsCoroAwaiter(INamedTypeSymbol type, INamedTypeSymbol? coroAwaiter) =>
        coroAwaiter is not null
        && (SymbolEqualityComparer.Default.Equals(type, coroAwaiter)
            || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, coroAwaiter)));

    private static bool IsLoopRun(IMethodSymbol method, KnownTypes types, INamedTypeSymbol? runner) =>
        (SymbolEqualityComparer.Default.Equals(method.ContainingType, types.EventLoop) && method.Name is "Run" or "RunUntilComplete" or "RunForever")
        || (SymbolEqualityComparer.Default.Equals(method.ContainingType, runner) && method.Name == "Run");
}
