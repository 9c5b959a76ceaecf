namespace CoroGen.Net;

/// <summary>
/// The stream ended before a read was complete (asyncio's <c>IncompleteReadError</c>, an
/// <c>EOFError</c>): raised by <see cref="AsyncBufferedReader.ReadExactly(int)"/> and
/// <see cref="AsyncBufferedReader.ReadUntil(byte[])"/> when EOF comes first.
/// </summary>
public class IncompleteReadError : EndOfStreamException
{
    /// <summary>Creates the error from the bytes read before EOF and the count that was expected.</summary>
    /// <param name="partial">The bytes read before the end of the stream (taken from the reader's buffer).</param>
    /// <param name="expected">The number of bytes expected; <see langword="null"/> when unknown (<c>ReadUntil</c>).</param>
    public IncompleteReadError(byte[] partial, int? expected)
        : base($"{partial?.Length ?? 0} bytes read on a total of {(expected is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "undefined")} expected bytes")
    {
        ArgumentNullException.ThrowIfNull(partial);
        Partial = partial;
        Expected = expected;
    }

    /// <summary>The bytes read before the end of the stream (asyncio's <c>partial</c>).</summary>
    public byte[] Partial { get; }

    /// <summary>The number of bytes that were expected, or <see langword="null"/> when a separator was awaited (asyncio's <c>expected</c>).</summary>
    public int? Expected { get; }
}
