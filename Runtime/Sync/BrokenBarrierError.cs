namespace CoroGen.Sync;

/// <summary>
/// Raised by <see cref="AsyncBarrier.Wait"/> when the barrier is reset or aborted while the task
/// waits, or is already broken when it arrives (asyncio's <c>BrokenBarrierError</c>, a
/// <c>RuntimeError</c>).
/// </summary>
public class BrokenBarrierError : InvalidOperationException
{
    /// <summary>Creates the error with a default message.</summary>
    public BrokenBarrierError()
        : base("The barrier is broken.")
    {
    }

    /// <summary>Creates the error.</summary>
    /// <param name="message">What broke the barrier.</param>
    public BrokenBarrierError(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with the exception that caused it.</summary>
    /// <param name="message">What broke the barrier.</param>
    /// <param name="innerException">The cause.</param>
    public BrokenBarrierError(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
