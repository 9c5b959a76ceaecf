namespace CoroGen;

/// <summary>
/// How one awaitable ended: its value, or the exception it raised (a <see cref="CancelledError"/>
/// if it was cancelled). What <see cref="Coro.GatherOutcomes{T}(Coro{T}[])"/> returns per
/// awaitable, as asyncio's <c>gather(..., return_exceptions=True)</c> returns values and exceptions side by side.
/// </summary>
public readonly record struct Outcome<T>(T? Value, Exception? Exception)
{
    /// <summary>True when the awaitable returned a value.</summary>
    public bool Succeeded => Exception is null;

    /// <summary>True when the awaitable was cancelled.</summary>
    public bool Cancelled => Exception is CancelledError;
}
