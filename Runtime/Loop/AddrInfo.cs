using System.Net;
using System.Net.Sockets;

namespace CoroGen;

/// <summary>
/// One result of <see cref="EventLoop.GetAddrInfo"/>: asyncio's
/// <c>(family, type, proto, canonname, sockaddr)</c> tuple.
/// </summary>
/// <param name="Family">The address family (<see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>).</param>
/// <param name="SocketType">The socket type to use with it.</param>
/// <param name="Protocol">The protocol to use with it.</param>
/// <param name="CanonicalName">Always empty: .NET's resolver does not report canonical names (asyncio fills it only with <c>AI_CANONNAME</c>).</param>
/// <param name="EndPoint">The address and port to connect or bind to.</param>
public readonly record struct AddrInfo(AddressFamily Family, SocketType SocketType, ProtocolType Protocol, string CanonicalName, IPEndPoint EndPoint);
