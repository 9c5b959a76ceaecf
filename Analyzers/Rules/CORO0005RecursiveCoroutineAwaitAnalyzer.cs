// CORO0005: a [Coroutine] that awaits itself, directly or through a cycle of [Coroutine]
// methods of this compilation. The struct state machine of a coroutine embeds the frames of
// the coroutines it awaits; on a cycle it would contain itself. Compilation-end analysis: the
// edges are `await M(...)` written directly in a [Coroutine] body (not in a lambda or local
// function inside it), M a [Coroutine] of the compilation (generic methods by definition); the
// strongly connected components of that graph are the cycles. Info by default: until the
// generator emits struct machines, such coroutines run (correctly) through the pooled builder.
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports awaits that close a cycle of <c>[Coroutine]</c> methods awaiting each other.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0005RecursiveCoroutineAwaitAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.RecursiveCoroutineAwait,
        title: "Coroutine awaits itself recursively",
        messageFormat: "Coroutine '{0}' awaits '{1}', which awaits '{0}' again{2}; a struct state machine embedding the awaited coroutine would contain itself",
        category: DiagnosticCategories.Generator,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "The coroutine compiler lowers a coroutine to a struct that embeds the frames of the coroutines it awaits. A coroutine that awaits itself, directly or through other coroutines, would make that struct infinitely large. Today such coroutines run through the pooled builder.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.RecursiveCoroutineAwait),
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
            if (types?.CoroutineAttribute is null)
            {
                return;
            }

            var edges = new ConcurrentQueue<Edge>();
            start.RegisterOperationAction(context => CollectEdge(context, types, edges), OperationKind.Await);
            start.RegisterCompilationEndAction(context => ReportCycles(context, edges));
        });
    }

    private static void CollectEdge(OperationAnalysisContext context, KnownTypes types, ConcurrentQueue<Edge> edges)
    {
        var awaitOperation = (IAwaitOperation)context.Operation;
        if (context.ContainingSymbol is not IMethodSymbol caller
            || !SymbolEqualityComparer.Default.Equals(LoopContext.EnclosingFunction(awaitOperation, caller), caller)
            || LoopContext.WalkDownConversions(awaitOperation.Operation) is not IInvocationOperation invocation
            || !IsCoroutineOfCompilation(invocation.TargetMethod, types, out IMethodSymbol callee)
            || !IsCoroutineOfCompilation(caller, types, out caller))
        {
            return;
        }

        edges.Enqueue(new Edge(caller, callee, invocation.Syntax.GetLocation()));
    }

    // A [Coroutine] declared in source, normalised to its generic definition and defining part.
    private static bool IsCoroutineOfCompilation(IMethodSymbol method, KnownTypes types, out IMethodSymbol normalised)
    {
        normalised = method.OriginalDefinition;
        normalised = normalised.PartialDefinitionPart ?? normalised;
        if (normalised.Locations.IsEmpty || !normalised.Locations[0].IsInSource || !types.IsCoro(normalised.ReturnType))
        {
            return false;
        }

        foreach (AttributeData attribute in (normalised.PartialImplementationPart ?? normalised).GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.CoroutineAttribute))
            {
                return true;
            }
        }

        return false;
    }

    private static void ReportCycles(CompilationAnalysisContext context, ConcurrentQueue<Edge> edges)
    {
        if (edges.IsEmpty)
        {
            return;
        }

        var graph = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
        foreach (Edge edge in edges)
        {
            if (!graph.TryGetValue(edge.Caller, out List<IMethodSymbol>? callees))
            {
                graph[edge.Caller] = callees = [];
            }

            callees.Add(edge.Callee);
        }

        Dictionary<IMethodSymbol, int> component = StronglyConnectedComponents(graph, out Dictionary<int, int> sizes);
        foreach (Edge edge in edges)
        {
            if (component.TryGetValue(edge.Caller, out int c) && component.TryGetValue(edge.Callee, out int d) && c == d)
            {
                bool direct = SymbolEqualityComparer.Default.Equals(edge.Caller, edge.Callee);
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    edge.Location,
                    edge.Caller.Name,
                    edge.Callee.Name,
                    direct ? string.Empty : $" (a cycle of {sizes[c]} coroutines)"));
            }
        }
    }

    // Tarjan's algorithm, iterative (deep call chains must not overflow the analyzer's stack).
    // Only components that are cycles get an entry: more than one method, or a self-loop.
    private static Dictionary<IMethodSymbol, int> StronglyConnectedComponents(Dictionary<IMethodSymbol, List<IMethodSymbol>> graph, out Dictionary<int, int> sizes)
    {
        var index = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
        var lowLink = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
        var onStack = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var stack = new Stack<IMethodSymbol>();
        var result = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
        sizes = [];
        int next = 0;
        int components = 0;

        foreach (IMethodSymbol root in graph.Keys)
        {
            if (index.ContainsKey(root))
            {
                continue;
            }

            var work = new Stack<(IMethodSymbol Node, int Child)>();
            work.Push((root, 0));
            index[root] = lowLink[root] = next++;
            stack.Push(root);
            onStack.Add(root);

            while (work.Count > 0)
            {
                (IMethodSymbol node, int child) = work.Pop();
                List<IMethodSymbol> successors = graph.TryGetValue(node, out List<IMethodSymbol>? s) ? s : [];
                if (child < successors.Count)
                {
                    work.Push((node, child + 1));
                    IMethodSymbol successor = successors[child];
                    if (!index.ContainsKey(successor))
                    {
                        index[successor] = lowLink[successor] = next++;
                        stack.Push(successor);
                        onStack.Add(successor);
                        work.Push((successor, 0));
                    }
                    else if (onStack.Contains(successor))
                    {
                        lowLink[node] = System.Math.Min(lowLink[node], index[successor]);
                    }

                    continue;
                }

                if (work.Count > 0)
                {
                    IMethodSymbol parent = work.Peek().Node;
                    lowLink[parent] = System.Math.Min(lowLink[parent], lowLink[node]);
                }

                if (lowLink[node] != index[node])
                {
                    continue;
                }

                var members = new List<IMethodSymbol>();
                IMethodSymbol member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    members.Add(member);
                }
                while (!SymbolEqualityComparer.Default.Equals(member, node));

                bool selfLoop = members.Count == 1 && successors.Contains(node, SymbolEqualityComparer.Default);
                if (members.Count > 1 || selfLoop)
                {
                    int id = components++;
                    sizes[id] = members.Count;
                    foreach (IMethodSymbol m in members)
                    {
                        result[m] = id;
                    }
                }
            }
        }

        return result;
    }

    private sealed class Edge(IMethodSymbol caller, IMethodSymbol callee, Location location)
    {
        public IMethodSymbol Caller { get; } = caller;

        public IMethodSymbol Callee { get; } = callee;

        public Location Location { get; } = location;
    }
}
