namespace CoroGen.Tasks;

/// <summary>
/// What a <see cref="Coro{T}"/> value points at: a cold coroutine that starts when first awaited
/// or spawned, runs once, and is released when its result is read.
/// </summary>
/// <remarks>
/// Every call takes the token the <see cref="Coro{T}"/> was created with; a mismatch means the
/// value was already consumed (the box went back to its pool), which is asyncio's "cannot reuse
/// already awaited coroutine".
/// </remarks>
internal abstract class CoroSource<T>
{
    internal int Version;

    /// <summary>Runs the coroutine until it first suspends or completes.</summary>
    internal abstract void Start(int token);

    internal abstract bool IsCompleted(int token);

    /// <summary>Sets what runs when the coroutine completes after having suspended.</summary>
    internal abstract void SetContinuation(Action continuation, int token);

    /// <summary>Reads the outcome (throwing a stored exception) and releases the source.</summary>
    internal abstract T GetResult(int token);

    /// <summary>Releases a source that will never start (its task was cancelled first).</summary>
    internal abstract void Abandon(int token);

    /// <summary>
    /// Spawns the coroutine as a task without an intermediate box when the source allows it (a
    /// generated struct machine moves straight into a machine task box); null otherwise.
    /// </summary>
    internal virtual CoroTask<T>? TrySpawnDirect(int token, EventLoop loop, string? name, bool eager) => null;

    /// <summary>The compiler's or generator's state-machine type, for naming the coroutine in reports.</summary>
    internal abstract Type? MachineType { get; }

    /// <summary>Throws the error a reused or double-awaited coroutine gets.</summary>
    private protected static InvalidOperationException AlreadyConsumed() => new(
        "This Coro was already awaited or spawned: a coroutine runs once (asyncio: cannot reuse already awaited coroutine). " +
        "Call the coroutine method again to get a new Coro.");
}
