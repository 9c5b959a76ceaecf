using System.Net;
using System.Net.Sockets;

namespace CoroGen;

/// <summary>
/// Name resolution (asyncio's <c>getaddrinfo</c>): like asyncio, a blocking resolver call run on
/// the loop's default executor, so a slow DNS server never stalls the loop (and, as in asyncio,
/// a saturated executor delays lookups).
/// </summary>
public sealed partial class EventLoop
{
    /// <summary>
    /// Resolves <paramref name="host"/> and pairs every address with <paramref name="port"/> and each
    /// requested socket type (asyncio's <c>loop.getaddrinfo</c>), in the resolver's order. Numeric
    /// addresses are returned without a lookup; <see langword="null"/> or an empty host means the
    /// loopback addresses (IPv6 first), as <c>getaddrinfo(NULL, ...)</c> does.
    /// </summary>
    /// <param name="host">A host name or a numeric address.</param>
    /// <param name="port">The port to put in every end point, 0 to 65535.</param>
    /// <param name="family"><see cref="AddressFamily.Unspecified"/> (both, the default), <see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>.</param>
    /// <param name="type"><see cref="SocketType.Unknown"/> (one stream and one datagram entry per address, the default), <see cref="SocketType.Stream"/> or <see cref="SocketType.Dgram"/>.</param>
    /// <remarks>Cancelling the call stops the wait, not the lookup, which finishes on its thread and is dropped.</remarks>
    /// <exception cref="SocketException">The name does not resolve (asyncio's <c>socket.gaierror</c>), or has no address of <paramref name="family"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The port is out of range, or the family or type is not one of those listed.</exception>
    /// <exception cref="InvalidOperationException">The loop is closed or its default executor was shut down.</exception>
    public async Coro<AddrInfo[]> GetAddrInfo(string? host, int port, AddressFamily family = AddressFamily.Unspecified, SocketType type = SocketType.Unknown)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        if (family is not (AddressFamily.Unspecified or AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentOutOfRangeException(nameof(family), family, "Use Unspecified, InterNetwork or InterNetworkV6.");
        }

        if (type is not (SocketType.Unknown or SocketType.Stream or SocketType.Dgram))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Use Unknown (both), Stream or Dgram.");
        }

        IPAddress[] addresses;
        if (string.IsNullOrEmpty(host))
        {
            addresses = [IPAddress.IPv6Loopback, IPAddress.Loopback];
        }
        else if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            addresses = await RunInExecutor(() => Dns.GetHostAddresses(host, family));
        }

        var results = new List<AddrInfo>(addresses.Length * 2);
        foreach (var address in addresses)
        {
            if (family != AddressFamily.Unspecified && address.AddressFamily != family)
            {
                continue;
            }

            var endPoint = new IPEndPoint(address, port);
            if (type is SocketType.Unknown or SocketType.Stream)
            {
                results.Add(new AddrInfo(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp, "", endPoint));
            }

            if (type is SocketType.Unknown or SocketType.Dgram)
            {
                results.Add(new AddrInfo(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp, "", endPoint));
            }
        }

        if (results.Count == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        return [.. results];
    }
}
