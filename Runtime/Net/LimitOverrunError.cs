namespace CoroGen.Net;

/// <summary>
/// A separator was not found within the reader's limit (asyncio's <c>LimitOverrunError</c>).
/// </summary>
/// <remarks>
/// Raised by <see cref="AsyncBufferedReader.ReadUntil(byte[])"/>, which leaves the data in the
/// buffer (read it with <see cref="AsyncBufferedReader.Read"/> or skip <see cref="Consumed"/>
/// bytes with <see cref="AsyncBufferedReader.ReadExactly(int)"/>), and by
/// <see cref="AsyncBufferedReader.ReadLine"/>, which discards it first (where asyncio's
/// <c>readline</c> raises <c>ValueError</c>).
/// </remarks>
public class LimitOverrunError : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What was exceeded.</param>
    /// <param name="consumed">How many bytes to consume to move past the data examined (asyncio's <c>consumed</c>).</param>
    public LimitOverrunError(string message, int consumed)
        : base(message)
    {
        Consumed = consumed;
    }

    /// <summary>How many buffered bytes were examined: consume that many to skip them (asyncio's <c>consumed</c>).</summary>
    public int Consumed { get; }
}
