namespace CoroGen.Net;

/// <summary>
/// A stream protocol that lends the transport its own memory to receive into (asyncio's
/// <c>BufferedProtocol</c>): the zero-copy path. The transport asks <see cref="GetBuffer"/> for
/// memory, receives straight into it, and reports the count through <see cref="BufferUpdated"/>.
/// </summary>
/// <remarks>
/// Callback order: <see cref="ConnectionMade"/>, then pairs of <see cref="GetBuffer"/> and
/// <see cref="BufferUpdated"/>, then at most one <see cref="EofReceived"/>, then exactly one
/// <see cref="BaseProtocol.ConnectionLost"/>. Neither buffer callback is called after EOF.
/// </remarks>
public abstract class BufferedProtocol : BaseProtocol
{
    /// <summary>The connection is up (asyncio's <c>connection_made</c>).</summary>
    public virtual void ConnectionMade(Transport transport)
    {
    }

    /// <summary>
    /// Returns the memory the next receive fills (asyncio's <c>get_buffer</c>). <paramref name="sizeHint"/>
    /// is the size wanted, or −1 for any size. An empty buffer is an error that closes the connection.
    /// </summary>
    public abstract Memory<byte> GetBuffer(int sizeHint);

    /// <summary>The first <paramref name="bytesReceived"/> bytes of the last buffer were filled (asyncio's <c>buffer_updated</c>).</summary>
    public abstract void BufferUpdated(int bytesReceived);

    /// <summary>The peer closed its sending side; return true to keep the connection half-open (see <see cref="Protocol.EofReceived"/>).</summary>
    public virtual bool EofReceived() => false;
}
