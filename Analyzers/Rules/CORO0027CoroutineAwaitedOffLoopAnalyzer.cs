// CORO0027: a Coro, CoroTask or other CoroGen awaitable awaited from a Task-based async function
// (async Task/ValueTask/void, async iterators, and such lambdas). That code does not run as a
// task of an event loop, so the coroutine has no loop to suspend on: it fails at its first
// suspension ("no running event loop"), or, started from a loop thread, suspends the wrong task.
// The bridge is loop.RunCoroutineThreadSafe(coro) (a Task), or EventLoop.Run at an entry point.
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports <c>await</c> of a CoroGen awaitable in a Task-based <c>async</c> function.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0027CoroutineAwaitedOffLoopAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.CoroutineAwaitedOffLoop,
        title: "Coroutine awaited outside the event loop",
        messageFormat: "'{0}' is awaited in a Task-based async function, which does not run on an event loop; the coroutine fails at its first suspension. Use 'loop.RunCoroutineThreadSafe(...)', or make the caller a coroutine.",
        category: DiagnosticCategories.Awaiting,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "CoroGen awaitables (Coro, CoroTask, Future, lock and queue waits) suspend the current event loop task. A Task-based async method is not such a task, so awaiting one there fails when it first has to wait. Bridge with EventLoop.RunCoroutineThreadSafe, which returns a Task.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.CoroutineAwaitedOffLoop));

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

            INamedTypeSymbol? coroAwaiter = start.Compilation.GetTypeByMetadataName(CORO0023SynchronousWaitInCoroutineAnalyzer.CoroAwaiterName);
            if (coroAwaiter is null)
            {
                return;
            }

            start.RegisterOperationAction(context => Analyze(context, types, coroAwaiter), OperationKind.Await);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types, INamedTypeSymbol coroAwaiter)
    {
        var await = (IAwaitOperation)context.Operation;
        ITypeSymbol? awaited = await.Operation.Type;
        if (awaited is null || !IsCoroAwaitable(awaited, types, coroAwaiter))
        {
            return;
        }

        IMethodSymbol? function = LoopContext.EnclosingFunction(await, context.ContainingSymbol);
        if (function is not { IsAsync: true } || !IsTaskBased(function))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            await.Syntax.GetLocation(),
            awaited.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
    }

    private static bool IsCoroAwaitable(ITypeSymbol type, KnownTypes types, INamedTypeSymbol coroAwaiter) =>
        types.IsCoro(type)
        || types.IsCoroTask(type)
        || type.GetMembers("GetAwaiter").OfType<IMethodSymbol>().FirstOrDefault(m => !m.IsStatic && m.Parameters.IsEmpty)?.ReturnType is { } awaiter
            && awaiter.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, coroAwaiter));

    // async void, Task, Task<T>, ValueTask, ValueTask<T>, IAsyncEnumerable<T>, IAsyncEnumerator<T>.
    private static bool IsTaskBased(IMethodSymbol function) =>
        function.ReturnsVoid
        || function.ReturnType is INamedTypeSymbol
        {
            Name: "Task" or "ValueTask" or "IAsyncEnumerable" or "IAsyncEnumerator",
            ContainingNamespace: { Name: "Tasks" or "Generic", ContainingNamespace: { Name: "Threading" or "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } },
        };
}
