// CORO0044 (opt-in): a coroutine calls a synchronous method of this compilation whose body, directly
// or through other synchronous methods of the compilation, calls a blocking member (CORO0040's
// list, BlockingMembers). The blocking call then runs on the event loop thread just as if it were
// written in the coroutine. Compilation-end analysis, VSTHRD010-style: operation actions collect
// (1) which synchronous methods call a blocking member directly, (2) the calls between synchronous
// methods of the compilation, (3) the calls from coroutine bodies into them; the compilation-end
// action searches each call's callee breadth-first, at most MaxDepth methods deep, and reports the
// shortest chain. Only direct, non-virtual calls count: virtual, abstract, override and interface
// members, delegates and lambdas are skipped (the target is unknown or may run elsewhere), and so
// are async methods and coroutines (they have their own rules).
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a call in a coroutine to a synchronous in-source method that (transitively) blocks.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0044TransitiveBlockingCallInCoroutineAnalyzer : DiagnosticAnalyzer
{
    /// <summary>How many in-source methods a chain may pass through (the called method included).</summary>
    public const int MaxDepth = 3;

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.TransitiveBlockingCallInCoroutine,
        title: "Coroutine calls a method that blocks",
        messageFormat: "Coroutine calls '{0}', which blocks the event loop thread: {1}",
        category: DiagnosticCategories.Blocking,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: false,
        description: "A synchronous method called from a coroutine runs on the event loop thread. When it (or a synchronous method it calls) sleeps, waits on a task, a wait handle, a lock or the console, every other task and callback stops until it returns.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.TransitiveBlockingCallInCoroutine),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

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

            ImmutableHashSet<ISymbol> blocking = BlockingMembers.Resolve(start.Compilation, start.Options, start.CancellationToken);
            if (blocking.IsEmpty)
            {
                return;
            }

            var facts = new Facts();
            start.RegisterOperationAction(
                context => Collect(context, types, blocking, facts),
                OperationKind.Invocation,
                OperationKind.PropertyReference);
            start.RegisterCompilationEndAction(context => Report(context, facts));
        });
    }

    private static void Collect(OperationAnalysisContext context, KnownTypes types, ImmutableHashSet<ISymbol> blocking, Facts facts)
    {
        IMethodSymbol? function = LoopContext.EnclosingFunction(context.Operation, context.ContainingSymbol);
        if (function is null)
        {
            return;
        }

        bool inCoroutine = types.IsCoroutine(function);
        if (!inCoroutine && !IsSynchronousNode(function, types))
        {
            return;
        }

        ISymbol member;
        IInvocationOperation? invocation = context.Operation as IInvocationOperation;
        switch (context.Operation)
        {
            case IInvocationOperation call:
                member = call.TargetMethod;
                break;
            case IPropertyReferenceOperation property:
                member = property.Property;
                break;
            default:
                return;
        }

        if (inCoroutine)
        {
            // A call from loop context into a synchronous in-source method.
            if (invocation is not null && IsCallable(invocation, types, out IMethodSymbol callee))
            {
                facts.Calls.Enqueue(new Call(callee, invocation.Syntax.GetLocation()));
            }

            return;
        }

        IMethodSymbol caller = Normalise(function);
        if (blocking.Contains(member.OriginalDefinition) && (invocation is null || !IsZeroTimeoutWait(invocation)))
        {
            facts.Blocking.Enqueue(new Edge(caller, null, member.ContainingType.Name + "." + member.Name, context.Operation.Syntax.GetLocation()));
        }
        else if (invocation is not null && IsCallable(invocation, types, out IMethodSymbol target))
        {
            facts.Edges.Enqueue(new Edge(caller, target, target.Name, invocation.Syntax.GetLocation()));
        }
    }

    // A direct (non-virtual) call to a synchronous method or local function declared in source.
    private static bool IsCallable(IInvocationOperation invocation, KnownTypes types, out IMethodSymbol callee)
    {
        callee = Normalise(invocation.TargetMethod);
        return IsSynchronousNode(callee, types)
            && !callee.IsVirtual
            && !callee.IsAbstract
            && !callee.IsOverride
            && callee.ContainingType?.TypeKind != TypeKind.Interface
            && !callee.DeclaringSyntaxReferences.IsEmpty;
    }

    private static bool IsSynchronousNode(IMethodSymbol method, KnownTypes types) =>
        method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction
        && !method.IsAsync
        && !types.IsCoro(method.ReturnType);

    private static IMethodSymbol Normalise(IMethodSymbol method)
    {
        IMethodSymbol definition = method.OriginalDefinition;
        return definition.PartialDefinitionPart ?? definition;
    }

    // SemaphoreSlim.Wait(0) / WaitOne(0) only polls (as in CORO0040).
    private static bool IsZeroTimeoutWait(IInvocationOperation invocation) =>
        invocation.Arguments.Length > 0
        && invocation.TargetMethod.Parameters[0].Type.SpecialType == SpecialType.System_Int32
        && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: 0 };

    private static void Report(CompilationAnalysisContext context, Facts facts)
    {
        if (facts.Calls.IsEmpty || facts.Blocking.IsEmpty)
        {
            return;
        }

        // Per method: the first blocking member it calls and its in-source callees, in source order
        // (the queues fill concurrently; sorting keeps the reported chain deterministic).
        var blockingBy = new Dictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);
        foreach (Edge edge in facts.Blocking.OrderBy(static e => e.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(static e => e.Location.SourceSpan.Start))
        {
            if (!blockingBy.ContainsKey(edge.Caller))
            {
                blockingBy[edge.Caller] = edge.Name;
            }
        }

        var callees = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
        foreach (Edge edge in facts.Edges.OrderBy(static e => e.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(static e => e.Location.SourceSpan.Start))
        {
            if (!callees.TryGetValue(edge.Caller, out List<IMethodSymbol>? list))
            {
                callees[edge.Caller] = list = [];
            }

            if (!list.Contains(edge.Callee!, SymbolEqualityComparer.Default))
            {
                list.Add(edge.Callee!);
            }
        }

        var chains = new Dictionary<IMethodSymbol, string?>(SymbolEqualityComparer.Default);
        foreach (Call call in facts.Calls)
        {
            if (!chains.TryGetValue(call.Callee, out string? chain))
            {
                chains[call.Callee] = chain = FindChain(call.Callee, blockingBy, callees);
            }

            if (chain is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, call.Location, call.Callee.Name, chain));
            }
        }
    }

    // Breadth-first from the called method: the shortest chain of at most MaxDepth in-source
    // methods ending in a blocking member, as "Helper -> Inner -> Thread.Sleep".
    private static string? FindChain(IMethodSymbol start, Dictionary<IMethodSymbol, string> blockingBy, Dictionary<IMethodSymbol, List<IMethodSymbol>> callees)
    {
        var parent = new Dictionary<IMethodSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default) { [start] = null };
        List<IMethodSymbol> level = [start];
        for (int depth = 1; depth <= MaxDepth && level.Count > 0; depth++)
        {
            foreach (IMethodSymbol method in level)
            {
                if (blockingBy.TryGetValue(method, out string? member))
                {
                    var names = new List<string> { member };
                    for (IMethodSymbol? m = method; m is not null; m = parent[m])
                    {
                        names.Add(m.Name);
                    }

                    names.Reverse();
                    return string.Join(" -> ", names);
                }
            }

            List<IMethodSymbol> next = [];
            foreach (IMethodSymbol method in level)
            {
                if (!callees.TryGetValue(method, out List<IMethodSymbol>? successors))
                {
                    continue;
                }

                foreach (IMethodSymbol successor in successors)
                {
                    if (!parent.ContainsKey(successor))
                    {
                        parent[successor] = method;
                        next.Add(successor);
                    }
                }
            }

            level = next;
        }

        return null;
    }

    private sealed class Facts
    {
        public ConcurrentQueue<Call> Calls { get; } = new();

        public ConcurrentQueue<Edge> Blocking { get; } = new();

        public ConcurrentQueue<Edge> Edges { get; } = new();
    }

    private sealed class Call(IMethodSymbol callee, Location location)
    {
        public IMethodSymbol Callee { get; } = callee;

        public Location Location { get; } = location;
    }

    // Caller calls Callee (an in-source method), or, with Callee null, the blocking member Name.
    private sealed class Edge(IMethodSymbol caller, IMethodSymbol? callee, string name, Location location)
    {
        public IMethodSymbol Caller { get; } = caller;

        public IMethodSymbol? Callee { get; } = callee;

        public string Name { get; } = name;

        public Location Location { get; } = location;
    }
}
