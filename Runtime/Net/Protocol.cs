namespace CoroGen.Net;

/// <summary>
/// A stream protocol (asyncio's <c>Protocol</c>): the transport pushes received bytes into
/// <see cref="DataReceived"/>. Made by the factory given to <see cref="EventLoop.CreateConnection{TProtocol}"/>
/// or <see cref="EventLoop.CreateServer"/>.
/// </summary>
/// <remarks>
/// Callback order (asyncio's state machine): <see cref="ConnectionMade"/>, then
/// <see cref="DataReceived"/> any number of times, then at most one <see cref="EofReceived"/>, then
/// exactly one <see cref="BaseProtocol.ConnectionLost"/>. Data is never empty and arrives in order,
/// chunked arbitrarily.
/// </remarks>
public abstract class Protocol : BaseProtocol
{
    /// <summary>The connection is up (asyncio's <c>connection_made</c>); keep <paramref name="transport"/> to write.</summary>
    public virtual void ConnectionMade(Transport transport)
    {
    }

    /// <summary>
    /// Bytes arrived (asyncio's <c>data_received</c>). <paramref name="data"/> is valid only during
    /// the call (the transport reuses the memory): copy what you keep. An exception here closes the
    /// connection with that error.
    /// </summary>
    public virtual void DataReceived(ReadOnlySpan<byte> data)
    {
    }

    /// <summary>
    /// The peer closed its sending side (asyncio's <c>eof_received</c>). Return true to keep the
    /// connection half-open (you may still write, then close); false (the default) closes it.
    /// </summary>
    public virtual bool EofReceived() => false;
}
