namespace CoroGen.Net;

/// <summary>What a <see cref="TlsChannel"/> tells the stream writer or transport over it. Every call runs on the loop thread.</summary>
internal interface ITlsChannelOwner
{
    /// <summary>A pending read finished (with bytes, EOF or an error): take it with <see cref="TlsChannel.TakeReadResult"/>.</summary>
    void OnTlsReadCompleted();

    /// <summary>Buffered plaintext was encrypted and sent: the buffer shrank (flow control may resume; a close may go on).</summary>
    void OnTlsWritten();

    /// <summary>Sending failed: the connection is broken.</summary>
    void OnTlsWriteFailed(Exception error);

    /// <summary>The close_notify requested by <see cref="TlsChannel.Close"/> was sent (or could not be): the socket may be closed.</summary>
    void OnTlsClosed();
}
