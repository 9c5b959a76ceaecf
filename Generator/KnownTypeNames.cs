// Metadata names of the Runtime types the generator and the analyzers recognise.
// This file is compiled into both Generator and Analyzers (linked), so the two can never
// disagree about what a coroutine is. A test checks each name against typeof(...).FullName.
namespace CoroGen;

/// <summary>Fully qualified metadata names of CoroGen runtime types.</summary>
internal static class KnownTypeNames
{
    // Namespaces: the runtime's root namespace and the segments of its loop-affine sub-namespaces.

    /// <summary>The namespace every CoroGen runtime type lives in.</summary>
    public const string RuntimeNamespace = "CoroGen";

    /// <summary>The last segment of <c>CoroGen.Sync</c> (locks, events, semaphores, ...).</summary>
    public const string SyncNamespaceSegment = "Sync";

    /// <summary>The last segment of <c>CoroGen.Queues</c> (the async queues).</summary>
    public const string QueuesNamespaceSegment = "Queues";

    // Coroutines: the attribute and the task-like return types the coroutine compiler handles.

    /// <summary><c>[Coroutine]</c>, which marks a method for the coroutine compiler.</summary>
    public const string CoroutineAttribute = "CoroGen.CoroutineAttribute";

    /// <summary>The non-generic task-like <c>Coro</c>.</summary>
    public const string Coro = "CoroGen.Coro";

    /// <summary>The generic task-like <c>Coro&lt;T&gt;</c>.</summary>
    public const string CoroOfT = "CoroGen.Coro`1";

    // Tasks and futures: handles of work scheduled on the event loop.

    /// <summary>The non-generic task handle <c>CoroTask</c>.</summary>
    public const string CoroTask = "CoroGen.CoroTask";

    /// <summary>The generic task handle <c>CoroTask&lt;T&gt;</c>.</summary>
    public const string CoroTaskOfT = "CoroGen.CoroTask`1";

    /// <summary>The loop-bound promise <c>Future&lt;T&gt;</c>.</summary>
    public const string FutureOfT = "CoroGen.Future`1";

    /// <summary>The structured-concurrency scope <c>TaskGroup</c>.</summary>
    public const string TaskGroup = "CoroGen.TaskGroup";

    /// <summary><c>CancelledError</c>, the exception a cancelled task raises.</summary>
    public const string CancelledError = "CoroGen.CancelledError";

    // Loop: the event loop and its entry points.

    /// <summary>The event loop <c>EventLoop</c>.</summary>
    public const string EventLoop = "CoroGen.EventLoop";

    /// <summary>The loop runner <c>Runner</c>.</summary>
    public const string Runner = "CoroGen.Runner";

    // Compiler services: the contracts generated and runtime awaiters implement.

    /// <summary><c>ICoroAwaiter</c>, the interface every CoroGen awaiter implements.</summary>
    public const string CoroAwaiter = "CoroGen.CompilerServices.ICoroAwaiter";
}
