namespace CoroGen.Loop;

/// <summary>
/// What the loop passes to its exception handler (asyncio's context dict): a message and,
/// where known, the exception and the task, future or handle involved.
/// </summary>
/// <param name="Message">Human-readable description of what went wrong.</param>
public sealed record ExceptionContext(string Message)
{
    /// <summary>The exception, if one was raised.</summary>
    public Exception? Exception { get; init; }

    /// <summary>The task involved, if any.</summary>
    public CoroTask? Task { get; init; }

    /// <summary>The future involved, if any (for a task, the task's box).</summary>
    public FutureBase? Future { get; init; }

    /// <summary>The callback handle involved, if any.</summary>
    public Handle? Handle { get; init; }
}
