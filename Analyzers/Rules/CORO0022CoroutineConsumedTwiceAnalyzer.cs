// CORO0022: a Coro held in a local or parameter consumed twice in one function: awaited twice,
// awaited and spawned, passed twice to the runtime, or GetAwaiter() called twice. A Coro is
// awaitable once (asyncio: "cannot reuse already awaited coroutine"); the second use throws.
//
// Flow: a may-analysis over the function's control-flow graph. A consuming use reached on some
// path by an earlier consuming use of the same variable, with no assignment to it in between,
// is reported (a loop body that consumes a variable declared outside the loop is reached by its
// own use through the back edge). Limits, all false negatives: copies are not tracked
// (`var b = a; await a; await b;`), nor uses inside lambdas or local functions of the variable's
// function, nor flow into and out of catch/finally handlers (the graph has no exception edges),
// nor values routed through conditional expressions (`await (c ? a : b)`).
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports the second consumption (await, spawn, run, GetAwaiter) of the same <c>Coro</c> variable.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0022CoroutineConsumedTwiceAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.CoroutineConsumedTwice,
        title: "Coroutine is consumed twice",
        messageFormat: "'{0}' may already have been awaited or spawned; a Coro can be consumed only once, so this use throws",
        category: DiagnosticCategories.Awaiting,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A Coro is cold and single-use: awaiting it, spawning it, handing it to EventLoop.Run/RunUntilComplete/Coro.Gather or calling GetAwaiter() starts it. A second such use of the same value throws InvalidOperationException.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.CoroutineConsumedTwice));

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

            start.RegisterOperationBlockAction(context => AnalyzeBlock(context, types));
        });
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, KnownTypes types)
    {
        var reported = new HashSet<SyntaxNode>();
        foreach (IOperation block in context.OperationBlocks)
        {
            // A body (block or expression body, reported as an IBlockOperation under the member's
            // IMethodBodyOperation): GetControlFlowGraph builds the graph of its root. Field and
            // parameter initializers are not analysed.
            if (block is not (IBlockOperation or IMethodBodyOperation or IConstructorBodyOperation) || !HasConsumption(block, types))
            {
                continue;
            }

            ControlFlowGraph graph = context.GetControlFlowGraph(block);
            AnalyzeGraph(graph, types, reported, context.ReportDiagnostic, context.CancellationToken);
        }
    }

    // Cheap pre-check on the tree: some Coro variable is consumed at all (one syntactic use in a
    // loop body can be consumed twice, so one use is enough to build the graph).
    private static bool HasConsumption(IOperation root, KnownTypes types)
    {
        foreach (IOperation operation in root.Descendants())
        {
            if (ConsumedVariable(operation, types) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static void AnalyzeGraph(ControlFlowGraph graph, KnownTypes types, HashSet<SyntaxNode> reported, System.Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
    {
        ImmutableArray<BasicBlock> blocks = graph.Blocks;
        var entry = new ImmutableHashSet<ISymbol>?[blocks.Length];
        entry[0] = ImmutableHashSet.Create<ISymbol>(SymbolEqualityComparer.Default);
        var work = new Queue<int>();
        work.Enqueue(0);
        while (work.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            BasicBlock block = blocks[work.Dequeue()];
            ImmutableHashSet<ISymbol> state = Transfer(block, entry[block.Ordinal]!, types, reportTo: null);
            Propagate(block.FallThroughSuccessor, state, entry, work);
            Propagate(block.ConditionalSuccessor, state, entry, work);
        }

        // Handler regions (catch, finally) have no incoming edges: they start from "nothing consumed".
        for (int i = 0; i < blocks.Length; i++)
        {
            if (entry[i] is null && blocks[i].IsReachable)
            {
                entry[i] = ImmutableHashSet.Create<ISymbol>(SymbolEqualityComparer.Default);
                work.Enqueue(i);
                while (work.Count > 0)
                {
                    BasicBlock block = blocks[work.Dequeue()];
                    ImmutableHashSet<ISymbol> state = Transfer(block, entry[block.Ordinal]!, types, reportTo: null);
                    Propagate(block.FallThroughSuccessor, state, entry, work);
                    Propagate(block.ConditionalSuccessor, state, entry, work);
                }
            }
        }

        foreach (BasicBlock block in blocks)
        {
            if (entry[block.Ordinal] is { } state)
            {
                Transfer(block, state, types, operation =>
                {
                    // `await x` is reported on `x`; a spawn/run argument, Gather element or GetAwaiter() call as is.
                    SyntaxNode syntax = operation is IAwaitOperation awaited ? LoopContext.WalkDownConversions(awaited.Operation).Syntax : operation.Syntax;
                    if (reported.Add(syntax))
                    {
                        report(Diagnostic.Create(Rule, syntax.GetLocation(), ConsumedVariable(operation, types)!.Name));
                    }
                });
            }

            foreach (IOperation operation in BlockOperations(block))
            {
                foreach (IOperation nested in operation.DescendantsAndSelf())
                {
                    if (nested is IFlowAnonymousFunctionOperation lambda)
                    {
                        AnalyzeGraph(graph.GetAnonymousFunctionControlFlowGraphInScope(lambda), types, reported, report, cancellationToken);
                    }
                }
            }
        }

        foreach (IMethodSymbol local in graph.LocalFunctions)
        {
            AnalyzeGraph(graph.GetLocalFunctionControlFlowGraphInScope(local), types, reported, report, cancellationToken);
        }
    }

    private static void Propagate(ControlFlowBranch? branch, ImmutableHashSet<ISymbol> state, ImmutableHashSet<ISymbol>?[] entry, Queue<int> work)
    {
        if (branch?.Destination is not { } destination)
        {
            return;
        }

        ImmutableHashSet<ISymbol>? old = entry[destination.Ordinal];
        ImmutableHashSet<ISymbol> merged = old is null ? state : old.Union(state);
        if (old is null || merged.Count != old.Count)
        {
            entry[destination.Ordinal] = merged;
            work.Enqueue(destination.Ordinal);
        }
    }

    private static IEnumerable<IOperation> BlockOperations(BasicBlock block)
    {
        foreach (IOperation operation in block.Operations)
        {
            yield return operation;
        }

        if (block.BranchValue is { } branch)
        {
            yield return branch;
        }
    }

    // Walks the block in evaluation order (children before parents, left to right).
    private static ImmutableHashSet<ISymbol> Transfer(BasicBlock block, ImmutableHashSet<ISymbol> state, KnownTypes types, System.Action<IOperation>? reportTo)
    {
        foreach (IOperation operation in BlockOperations(block))
        {
            state = Visit(operation, state, types, reportTo);
        }

        return state;
    }

    private static ImmutableHashSet<ISymbol> Visit(IOperation operation, ImmutableHashSet<ISymbol> state, KnownTypes types, System.Action<IOperation>? reportTo)
    {
        if (operation is IFlowAnonymousFunctionOperation)
        {
            return state;
        }

        foreach (IOperation child in operation.ChildOperations)
        {
            state = Visit(child, state, types, reportTo);
        }

        if (ConsumedVariable(operation, types) is { } consumed)
        {
            if (state.Contains(consumed))
            {
                reportTo?.Invoke(operation);
            }

            return state.Add(consumed);
        }

        foreach (ISymbol assigned in AssignedVariables(operation))
        {
            state = state.Remove(assigned);
        }

        return state;
    }

    /// <summary>
    /// The Coro local or parameter that <paramref name="operation"/> consumes: <c>await x</c>,
    /// <c>x.GetAwaiter()</c>, or <c>x</c> passed to a CoroGen API parameter of a Coro type
    /// (<c>Coro.Spawn</c>, <c>EventLoop.Run</c>, <c>RunUntilComplete</c>, <c>Coro.Gather</c>, ...).
    /// </summary>
    private static ISymbol? ConsumedVariable(IOperation operation, KnownTypes types)
    {
        switch (operation)
        {
            case IAwaitOperation awaited:
                return CoroVariable(awaited.Operation, types);
            case IInvocationOperation { TargetMethod.Name: "GetAwaiter", Arguments.Length: 0, Instance: { } instance }:
                return CoroVariable(instance, types);
            case IArgumentOperation argument when IsRuntimeCoroParameter(argument.Parameter, types):
                return CoroVariable(argument.Value, types);
            case ILocalReferenceOperation or IParameterReferenceOperation when IsArrayArgumentElement(operation, types):
                // Coro.Gather(a, b): each element of the array handed to the runtime is consumed.
                return CoroVariable(operation, types);
            default:
                return null;
        }
    }

    private static bool IsArrayArgumentElement(IOperation reference, KnownTypes types)
    {
        IOperation? parent = reference.Parent;
        while (parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent is IArrayInitializerOperation { Parent: IArrayCreationOperation { Parent: IArgumentOperation { Parameter: { Type: IArrayTypeSymbol array } parameter } } }
            && IsRuntimeMethod(parameter)
            && types.IsCoro(array.ElementType);
    }

    private static bool IsRuntimeCoroParameter(IParameterSymbol? parameter, KnownTypes types) =>
        parameter is not null && IsRuntimeMethod(parameter) && types.IsCoro(parameter.Type);

    // A member of the CoroGen runtime (namespace CoroGen or below), which consumes a Coro it is given.
    private static bool IsRuntimeMethod(IParameterSymbol parameter)
    {
        for (INamespaceSymbol? ns = parameter.ContainingType?.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (ns.ContainingNamespace is { IsGlobalNamespace: true })
            {
                return ns.Name == KnownTypeNames.RuntimeNamespace;
            }
        }

        return false;
    }

    private static ISymbol? CoroVariable(IOperation value, KnownTypes types)
    {
        value = LoopContext.WalkDownConversions(value);
        ISymbol? symbol = value switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        return symbol is not null && types.IsCoro(value.Type) ? symbol : null;
    }

    // x = ..., (x, y) = ..., out x, out var x, ref x, `is Coro x`: the variable holds a new value (or may).
    private static IEnumerable<ISymbol> AssignedVariables(IOperation operation)
    {
        switch (operation)
        {
            case IAssignmentOperation assignment:
                return ReferencedVariables(assignment.Target);
            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                return ReferencedVariables(argument.Value);
            case IDeclarationPatternOperation { DeclaredSymbol: { } declared }:
                return [declared];
            case IRecursivePatternOperation { DeclaredSymbol: { } declared }:
                return [declared];
            default:
                return [];
        }
    }

    private static IEnumerable<ISymbol> ReferencedVariables(IOperation target)
    {
        foreach (IOperation operation in target.DescendantsAndSelf())
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    yield return local.Local;
                    break;
                case IParameterReferenceOperation parameter:
                    yield return parameter.Parameter;
                    break;
            }
        }
    }
}
