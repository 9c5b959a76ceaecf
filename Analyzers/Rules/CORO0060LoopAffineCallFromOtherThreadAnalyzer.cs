// CORO0060: a loop-affine API called from a delegate that runs on another thread (asyncio debug
// mode's "Non-thread-safe operation invoked on an event loop other than the current one", at
// compile time). The event loop, its futures, tasks and the CoroGen.Sync/CoroGen.Queues
// primitives are not thread-safe: only CallSoonThreadSafe and RunCoroutineThreadSafe may be used
// from other threads. Reported when the innermost function around the call is a lambda (or
// anonymous method) passed directly to a thread-starting API in the same method: Task.Run,
// TaskFactory.StartNew, ThreadPool.(Unsafe)QueueUserWorkItem, Parallel.For/ForEach/Invoke (and
// ForAsync/ForEachAsync), new Thread(...), new System.Threading.Timer(...), Coro.ToThread,
// EventLoop.RunInExecutor. Method groups and delegates stored in variables are not followed.
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a non-thread-safe loop API called from a delegate that runs on another thread.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0060LoopAffineCallFromOtherThreadAnalyzer : DiagnosticAnalyzer
{
    /// <summary>
    /// Diagnostic property with the name of the <c>EventLoop</c> variable the code fix wraps the
    /// call with (<c>loop.CallSoonThreadSafe(() => ...)</c>); absent when there is no fix.
    /// </summary>
    public const string LoopProperty = "Loop";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.LoopAffineCallFromOtherThread,
        title: "Loop-affine API called from another thread",
        messageFormat: "'{0}' is not thread-safe but is called from a delegate that '{1}' runs on another thread; hand the call to the loop with 'loop.CallSoonThreadSafe(() => ...)' or 'RunCoroutineThreadSafe'",
        category: DiagnosticCategories.Threading,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The event loop, futures, tasks and the CoroGen.Sync/CoroGen.Queues primitives may only be used on the loop thread. From another thread, go through EventLoop.CallSoonThreadSafe or RunCoroutineThreadSafe.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.LoopAffineCallFromOtherThread));

    private static readonly ImmutableHashSet<string> s_threadSafeLoopMembers =
        ["CallSoonThreadSafe", "RunCoroutineThreadSafe", "ToString", "GetHashCode", "Equals", "GetType"];

    private static readonly ImmutableHashSet<string> s_threadSafeLoopGetters = ["IsClosed", "IsRunning", "Time", "Id", "Debug"];

    private static readonly ImmutableHashSet<string> s_loopAffineCoroStatics = ["Spawn", "AllTasks", "Sleep", "Timeout", "TimeoutAt"];

    private static readonly ImmutableHashSet<string> s_futureMembers = ["SetResult", "SetException", "TrySetResult", "TrySetException", "Cancel"];

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
            if (types?.EventLoop is null)
            {
                return;
            }

            var known = new ThreadTypes(start.Compilation, types);
            start.RegisterOperationAction(
                context => Analyze(context, types, known),
                OperationKind.Invocation,
                OperationKind.PropertyReference);
        });
    }

    private sealed class ThreadTypes(Compilation compilation, KnownTypes types)
    {
        public INamedTypeSymbol? Task { get; } = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");

        public INamedTypeSymbol? TaskFactory { get; } = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");

        public INamedTypeSymbol? TaskFactoryOfT { get; } = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory`1");

        public INamedTypeSymbol? ThreadPool { get; } = compilation.GetTypeByMetadataName("System.Threading.ThreadPool");

        public INamedTypeSymbol? Parallel { get; } = compilation.GetTypeByMetadataName("System.Threading.Tasks.Parallel");

        public INamedTypeSymbol? Thread { get; } = compilation.GetTypeByMetadataName("System.Threading.Thread");

        public INamedTypeSymbol? Timer { get; } = compilation.GetTypeByMetadataName("System.Threading.Timer");

        public INamedTypeSymbol? Future { get; } = compilation.GetTypeByMetadataName(KnownTypeNames.FutureOfT);

        public KnownTypes Types { get; } = types;
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types, ThreadTypes known)
    {
        IOperation operation = context.Operation;
        ISymbol member;
        switch (operation)
        {
            case IInvocationOperation invocation:
                member = invocation.TargetMethod;
                break;
            case IPropertyReferenceOperation property:
                member = property.Property;
                break;
            default:
                return;
        }

        if (!IsLoopAffine(operation, member, known))
        {
            return;
        }

        // The innermost function around the call must be a lambda handed to a thread API.
        IAnonymousFunctionOperation? lambda = null;
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation anonymous)
            {
                lambda = anonymous;
                break;
            }

            if (current is ILocalFunctionOperation)
            {
                return;
            }
        }

        if (lambda is null || ThreadApi(lambda, known) is not { } api)
        {
            return;
        }

        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
        if (operation.Parent is IExpressionStatementOperation && operation is IInvocationOperation call
            && LoopVariable(call, lambda, known.Types) is { } loop)
        {
            properties = properties.Add(LoopProperty, loop);
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            operation.Syntax.GetLocation(),
            properties,
            member.ContainingType.Name + "." + member.Name,
            api));
    }

    private static bool IsLoopAffine(IOperation operation, ISymbol member, ThreadTypes known)
    {
        KnownTypes types = known.Types;
        INamedTypeSymbol type = member.ContainingType;
        if (member is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.Constructor })
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type, types.EventLoop))
        {
            if (member.IsStatic || s_threadSafeLoopMembers.Contains(member.Name))
            {
                return false;
            }

            // Reading IsClosed/IsRunning/Time/Id/Debug is fine; any other property access or a write is not.
            return !(member is IPropertySymbol
                && s_threadSafeLoopGetters.Contains(member.Name)
                && !IsWritten(operation));
        }

        if (SymbolEqualityComparer.Default.Equals(type, types.Coro))
        {
            return member is IMethodSymbol && s_loopAffineCoroStatics.Contains(member.Name);
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known.Future))
        {
            return member is IMethodSymbol && s_futureMembers.Contains(member.Name);
        }

        if (types.IsCoroTask(type))
        {
            return member is IMethodSymbol { Name: "Cancel" };
        }

        return member is IMethodSymbol { IsStatic: false, Name: not ("ToString" or "GetHashCode" or "Equals" or "GetType") }
            && (InNamespace(type, KnownTypeNames.SyncNamespaceSegment) || InNamespace(type, KnownTypeNames.QueuesNamespaceSegment));
    }

    private static bool InNamespace(INamedTypeSymbol type, string name) =>
        type.ContainingNamespace is { Name: var ns, ContainingNamespace: { Name: KnownTypeNames.RuntimeNamespace, ContainingNamespace.IsGlobalNamespace: true } } && ns == name;

    private static bool IsWritten(IOperation operation) =>
        operation.Parent is IAssignmentOperation assignment && assignment.Target == operation;

    // The API that runs `lambda` on another thread, as "Type.Member", or null.
    private static string? ThreadApi(IAnonymousFunctionOperation lambda, ThreadTypes known)
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
                    (SymbolEqualityComparer.Default.Equals(type, known.Task) && method.Name == "Run")
                    || ((SymbolEqualityComparer.Default.Equals(type, known.TaskFactory) || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known.TaskFactoryOfT)) && method.Name == "StartNew")
                    || (SymbolEqualityComparer.Default.Equals(type, known.ThreadPool) && method.Name is "QueueUserWorkItem" or "UnsafeQueueUserWorkItem")
                    || (SymbolEqualityComparer.Default.Equals(type, known.Parallel) && method.Name is "For" or "ForEach" or "Invoke" or "ForAsync" or "ForEachAsync")
                    || (SymbolEqualityComparer.Default.Equals(type, known.Types.Coro) && method.Name == "ToThread")
                    || (SymbolEqualityComparer.Default.Equals(type, known.Types.EventLoop) && method.Name == "RunInExecutor");
                return runsElsewhere ? type.Name + "." + method.Name : null;
            }

            case IObjectCreationOperation creation
                when SymbolEqualityComparer.Default.Equals(creation.Type, known.Thread) || SymbolEqualityComparer.Default.Equals(creation.Type, known.Timer):
                return "new " + creation.Type!.Name;
            default:
                return null;
        }
    }

    // An EventLoop the fix can post to: the receiver when it is a variable, else the only
    // EventLoop local, parameter or field in scope (declared before the call, usable from here).
    private static string? LoopVariable(IInvocationOperation call, IAnonymousFunctionOperation lambda, KnownTypes types)
    {
        IOperation? receiver = call.Instance is null ? null : LoopContext.WalkDownConversions(call.Instance);
        if (receiver is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation }
            && SymbolEqualityComparer.Default.Equals(receiver.Type, types.EventLoop))
        {
            return receiver.Syntax.ToString();
        }

        if (call.SemanticModel is not { } model)
        {
            return null;
        }

        int position = call.Syntax.SpanStart;
        ISymbol? member = model.GetEnclosingSymbol(lambda.Syntax.SpanStart);
        while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            member = member.ContainingSymbol;
        }

        bool staticContext = member is null || member.IsStatic;
        string[] candidates = [.. model.LookupSymbols(position)
            .Where(symbol => symbol switch
            {
                ILocalSymbol local => SymbolEqualityComparer.Default.Equals(local.Type, types.EventLoop)
                    && local.DeclaringSyntaxReferences.All(r => r.Span.End <= position),
                IParameterSymbol parameter => SymbolEqualityComparer.Default.Equals(parameter.Type, types.EventLoop),
                IFieldSymbol field => SymbolEqualityComparer.Default.Equals(field.Type, types.EventLoop) && (field.IsStatic || !staticContext),
                _ => false,
            })
            .Select(static symbol => symbol.Name)
            .Distinct()];
        return candidates.Length == 1 ? candidates[0] : null;
    }
}
