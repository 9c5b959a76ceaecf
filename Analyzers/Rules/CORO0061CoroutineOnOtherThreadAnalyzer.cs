// CORO0061: a Coro created, captured or awaited in a delegate that runs on another thread:
// `Task.Run(() => F())`, `Task.Run(async () => await F())`, `new Thread(() => F().Wait...)`.
// A Coro only runs on the event loop thread that awaits or spawns it; awaited from a Task-based
// lambda on the thread pool, it runs there, outside any loop, and every loop-affine API it uses
// (Coro.Sleep, Spawn, the Sync primitives) fails or races with the loop. Reported when the
// innermost function around the Coro-typed expression is a lambda passed directly to
// Task.Run, TaskFactory.StartNew, ThreadPool.(Unsafe)QueueUserWorkItem, Parallel.* or
// new Thread(...). Not reported when the Coro is handed to an entry point that runs it on a loop
// (EventLoop.Run/RunUntilComplete/RunCoroutineThreadSafe, Runner.Run): that is the sanctioned way
// to start or reach a loop from another thread.
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a <c>Coro</c> created or awaited in a delegate handed to another thread.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0061CoroutineOnOtherThreadAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.CoroutineOnOtherThread,
        title: "Coroutine handed to another thread",
        messageFormat: "The coroutine '{0}' is used in a delegate that '{1}' runs on another thread, outside the event loop; start it with 'loop.RunCoroutineThreadSafe(...)' or spawn it on the loop",
        category: DiagnosticCategories.Threading,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A Coro runs on the event loop that awaits or spawns it. Created or awaited in a Task.Run, thread-pool, Parallel or Thread delegate, it runs on that thread instead, where the loop's APIs are not available. Hand it to the loop with RunCoroutineThreadSafe, or run a loop of its own with EventLoop.Run.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.CoroutineOnOtherThread));

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

            var known = new ThreadTypes(start.Compilation, types);
            start.RegisterOperationAction(
                known.Analyze,
                OperationKind.Invocation,
                OperationKind.LocalReference,
                OperationKind.ParameterReference,
                OperationKind.FieldReference);
        });
    }

    private sealed class ThreadTypes(Compilation compilation, KnownTypes types)
    {
        private readonly INamedTypeSymbol? _task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        private readonly INamedTypeSymbol? _taskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
        private readonly INamedTypeSymbol? _taskFactoryOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory`1");
        private readonly INamedTypeSymbol? _threadPool = compilation.GetTypeByMetadataName("System.Threading.ThreadPool");
        private readonly INamedTypeSymbol? _parallel = compilation.GetTypeByMetadataName("System.Threading.Tasks.Parallel");
        private readonly INamedTypeSymbol? _thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        private readonly INamedTypeSymbol? _runner = compilation.GetTypeByMetadataName(KnownTypeNames.Runner);

        public void Analyze(OperationAnalysisContext context)
        {
            IOperation operation = context.Operation;
            if (!types.IsCoro(operation.Type) || IsHandedToLoop(operation))
            {
                return;
            }

            // The innermost function around the Coro must be a lambda handed to a thread API.
            IAnonymousFunctionOperation? lambda = null;
            for (IOperation? current = operation.Parent; current is not null && lambda is null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation anonymous:
                        lambda = anonymous;
                        break;
                    case ILocalFunctionOperation:
                        return;
                }
            }

            if (lambda is null || ThreadApi(lambda) is not { } api)
            {
                return;
            }

            // A local declared in the lambda is reported where its Coro was created, not at every use.
            if (operation is ILocalReferenceOperation { Local: var local }
                && local.DeclaringSyntaxReferences.FirstOrDefault() is { } declaration
                && lambda.Syntax.Span.Contains(declaration.Span))
            {
                return;
            }

            string name = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod.Name + "()",
                _ => operation.Syntax.ToString(),
            };
            context.ReportDiagnostic(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), name, api));
        }

        // `loop.RunCoroutineThreadSafe(F())`, `loop.RunUntilComplete(F())`, `EventLoop.Run(F())`, `runner.Run(F())`.
        private bool IsHandedToLoop(IOperation operation)
        {
            IOperation? parent = operation.Parent;
            while (parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            return parent is IArgumentOperation { Parent: IInvocationOperation call }
                && (SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, types.EventLoop)
                    || SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, _runner));
        }

        private string? ThreadApi(IAnonymousFunctionOperation lambda)
        {
            IOperation? parent = lambda.Parent;
            while (parent is IDelegateCreationOperation or IConversionOperation { IsImplicit: true })
            {
                parent = parent.Parent;
            }

            if (parent is not IArgumentOperation argument)
            {
                return null;
            }

            switch (argument.Parent)
            {
                case IInvocationOperation invocation:
                {
                    IMethodSymbol method = invocation.TargetMethod;
                    INamedTypeSymbol type = method.ContainingType;
                    bool runsElsewhere =
                        (SymbolEqualityComparer.Default.Equals(type, _task) && method.Name == "Run")
                        || ((SymbolEqualityComparer.Default.Equals(type, _taskFactory) || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _taskFactoryOfT)) && method.Name == "StartNew")
                        || (SymbolEqualityComparer.Default.Equals(type, _threadPool) && method.Name is "QueueUserWorkItem" or "UnsafeQueueUserWorkItem")
                        || (SymbolEqualityComparer.Default.Equals(type, _parallel) && method.Name is "For" or "ForEach" or "Invoke" or "ForAsync" or "ForEachAsync");
                    return runsElsewhere ? type.Name + "." + method.Name : null;
                }

                case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, _thread):
                    return "new Thread";
                default:
                    return null;
            }
        }
    }
}
