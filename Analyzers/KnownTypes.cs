// The CoroGen and BCL symbols the rules recognise, resolved once per compilation in
// RegisterCompilationStartAction (never per node). Every CoroGen metadata name comes from
// KnownTypeNames (linked from Generator/), which a test checks against the Runtime.
using Microsoft.CodeAnalysis;

namespace CoroGen.Analyzers;

/// <summary>The symbols of one compilation that the rules compare against.</summary>
internal sealed class KnownTypes
{
    private KnownTypes(Compilation compilation, INamedTypeSymbol coro)
    {
        Coro = coro;
        CoroOfT = compilation.GetTypeByMetadataName(KnownTypeNames.CoroOfT);
        CoroutineAttribute = compilation.GetTypeByMetadataName(KnownTypeNames.CoroutineAttribute);
        CoroTask = compilation.GetTypeByMetadataName(KnownTypeNames.CoroTask);
        CoroTaskOfT = compilation.GetTypeByMetadataName(KnownTypeNames.CoroTaskOfT);
        EventLoop = compilation.GetTypeByMetadataName(KnownTypeNames.EventLoop);
        TaskGroup = compilation.GetTypeByMetadataName(KnownTypeNames.TaskGroup);
        CancelledError = compilation.GetTypeByMetadataName(KnownTypeNames.CancelledError);
        OperationCanceledException = compilation.GetTypeByMetadataName("System.OperationCanceledException");
        Exception = compilation.GetTypeByMetadataName("System.Exception");
    }

    public INamedTypeSymbol Coro { get; }

    public INamedTypeSymbol? CoroOfT { get; }

    public INamedTypeSymbol? CoroutineAttribute { get; }

    public INamedTypeSymbol? CoroTask { get; }

    public INamedTypeSymbol? CoroTaskOfT { get; }

    public INamedTypeSymbol? EventLoop { get; }

    public INamedTypeSymbol? TaskGroup { get; }

    public INamedTypeSymbol? CancelledError { get; }

    public INamedTypeSymbol? OperationCanceledException { get; }

    public INamedTypeSymbol? Exception { get; }

    /// <summary>
    /// The known types of <paramref name="compilation"/>, or <see langword="null"/> when it does
    /// not reference CoroGen (then no rule registers anything).
    /// </summary>
    public static KnownTypes? TryCreate(Compilation compilation)
    {
        INamedTypeSymbol? coro = compilation.GetTypeByMetadataName(KnownTypeNames.Coro);
        return coro is null ? null : new KnownTypes(compilation, coro);
    }

    /// <summary>Whether <paramref name="type"/> is <c>Coro</c> or a <c>Coro&lt;T&gt;</c>.</summary>
    public bool IsCoro(ITypeSymbol? type) =>
        type is INamedTypeSymbol named
        && (SymbolEqualityComparer.Default.Equals(named, Coro)
            || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, CoroOfT));

    /// <summary>Whether <paramref name="type"/> is <c>CoroTask</c> or a <c>CoroTask&lt;T&gt;</c>.</summary>
    public bool IsCoroTask(ITypeSymbol? type) =>
        type is INamedTypeSymbol named
        && (SymbolEqualityComparer.Default.Equals(named, CoroTask)
            || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, CoroTaskOfT));

    /// <summary>
    /// Whether <paramref name="method"/> is a spawn whose handle must be kept: <c>Coro.Spawn</c>
    /// or <c>EventLoop.Spawn</c>. <c>TaskGroup.Spawn</c> is not: the group owns its children.
    /// </summary>
    public bool IsOwnerlessSpawn(IMethodSymbol method) =>
        method.Name == "Spawn"
        && (SymbolEqualityComparer.Default.Equals(method.ContainingType, Coro)
            || SymbolEqualityComparer.Default.Equals(method.ContainingType, EventLoop));

    /// <summary>Whether <paramref name="method"/> is <c>TaskGroup.Spawn</c>.</summary>
    public bool IsTaskGroupSpawn(IMethodSymbol method) =>
        method.Name == "Spawn" && SymbolEqualityComparer.Default.Equals(method.ContainingType, TaskGroup);

    /// <summary>
    /// Whether <paramref name="function"/> is a coroutine, i.e. runs on the event loop: an
    /// <c>async</c> method, local function or lambda returning <c>Coro</c>/<c>Coro&lt;T&gt;</c>
    /// (a <c>[Coroutine]</c> method is one; so is an <c>async</c> lambda passed to
    /// <c>TaskGroup.Run</c>).
    /// </summary>
    public bool IsCoroutine(IMethodSymbol? function) =>
        function is { IsAsync: true } && IsCoro(function.ReturnType);
}
