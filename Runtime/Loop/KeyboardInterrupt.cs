namespace CoroGen;

/// <summary>
/// Raised by <see cref="EventLoop.Run{T}(Coro{T}, bool?, Func{EventLoop}?)"/> and
/// <see cref="Runner.Run{T}(Coro{T})"/> when Ctrl+C (SIGINT) cancelled the main coroutine and it
/// ended by that cancellation (Python's <c>KeyboardInterrupt</c> out of <c>asyncio.run</c>).
/// </summary>
/// <remarks>
/// Python's <c>KeyboardInterrupt</c> is not an <c>Exception</c>, so <c>except Exception</c> does not
/// swallow it; .NET has no such tier. It derives from <see cref="OperationCanceledException"/>,
/// the .NET way to say "the user cancelled", so <c>catch (OperationCanceledException)</c> at the top
/// of a program handles Ctrl+C; it is deliberately not a <see cref="CancelledError"/>, which means
/// "this task was cancelled" and which coroutines catch and re-raise. It is only raised outside
/// the loop, by the runner, never inside a coroutine.
/// </remarks>
public class KeyboardInterrupt : OperationCanceledException
{
    /// <summary>Creates the error with the default message.</summary>
    public KeyboardInterrupt()
        : base("Interrupted by Ctrl+C (SIGINT): the main coroutine was cancelled.")
    {
    }

    /// <summary>Creates the error with <paramref name="message"/>.</summary>
    public KeyboardInterrupt(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with <paramref name="message"/> and the cancellation that ended the main coroutine.</summary>
    public KeyboardInterrupt(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
