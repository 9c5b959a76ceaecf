namespace CoroGen.Net;

/// <summary>The life of an <see cref="AsyncStreamWriter"/>.</summary>
public enum StreamWriterState
{
    /// <summary>Writes are accepted.</summary>
    Open,

    /// <summary><see cref="AsyncStreamWriter.Close"/> was called; the buffer is being flushed before the socket closes.</summary>
    Closing,

    /// <summary>The socket is closed (after <see cref="AsyncStreamWriter.Close"/> or a connection error).</summary>
    Closed,
}
