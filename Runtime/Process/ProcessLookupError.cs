namespace CoroGen.Process;

/// <summary>
/// The process is gone: a signal was sent to a subprocess that has already exited and been
/// reaped (asyncio's <c>ProcessLookupError</c>, errno <c>ESRCH</c>).
/// </summary>
/// <remarks>
/// Derives from <see cref="InvalidOperationException"/> because that is what .NET's own
/// <see cref="System.Diagnostics.Process"/> raises for "the process has exited", so code that
/// catches the .NET exception keeps working; the asyncio name makes ports easy to search.
/// </remarks>
public class ProcessLookupError : InvalidOperationException
{
    /// <summary>Creates the error with the default message.</summary>
    public ProcessLookupError()
        : base("No such process: it has already exited.")
    {
    }

    /// <summary>Creates the error with <paramref name="message"/>.</summary>
    public ProcessLookupError(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with <paramref name="message"/> and an inner exception.</summary>
    public ProcessLookupError(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
