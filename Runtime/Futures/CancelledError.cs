namespace CoroGen;

/// <summary>
/// Raised at a coroutine's await point when its task is cancelled (asyncio's
/// <c>CancelledError</c>). It derives from <see cref="OperationCanceledException"/> so .NET code
/// that already handles cancellation recognises it. Catch it only to clean up, then rethrow:
/// a task that swallows it keeps running, as in asyncio.
/// </summary>
public class CancelledError : OperationCanceledException
{
    /// <summary>Creates the error with the message given to <c>Cancel(msg)</c>, if any.</summary>
    public CancelledError(string? message = null)
        : base(message ?? "The task was cancelled.") => CancelMessage = message;

    /// <summary>Creates the error with an inner exception.</summary>
    public CancelledError(string? message, Exception? innerException)
        : base(message ?? "The task was cancelled.", innerException) => CancelMessage = message;

    /// <summary>The message passed to <c>Cancel(msg)</c>, or <see langword="null"/> when none was given.</summary>
    public string? CancelMessage { get; }
}
