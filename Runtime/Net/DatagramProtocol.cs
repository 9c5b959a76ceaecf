using System.Net;

namespace CoroGen.Net;

/// <summary>
/// A datagram (UDP) protocol (asyncio's <c>DatagramProtocol</c>), made by the factory given to
/// <see cref="EventLoop.CreateDatagramEndpoint{TProtocol}"/>.
/// </summary>
public abstract class DatagramProtocol : BaseProtocol
{
    /// <summary>The endpoint is ready (asyncio's <c>connection_made</c>); keep <paramref name="transport"/> to send.</summary>
    public virtual void ConnectionMade(DatagramTransport transport)
    {
    }

    /// <summary>A datagram arrived from <paramref name="from"/> (asyncio's <c>datagram_received</c>). <paramref name="data"/> is valid only during the call.</summary>
    public virtual void DatagramReceived(ReadOnlySpan<byte> data, EndPoint from)
    {
    }

    /// <summary>A send or receive failed (asyncio's <c>error_received</c>), for example ICMP port unreachable on a connected endpoint. Best effort; the endpoint stays open.</summary>
    public virtual void ErrorReceived(Exception exception)
    {
    }
}
