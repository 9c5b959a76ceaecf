using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using CoroGen.Net;

namespace CoroGen;

/// <summary>
/// Transports and protocols (asyncio's <c>create_connection</c>, <c>create_server</c>,
/// <c>create_unix_connection</c>, <c>create_unix_server</c>, <c>create_datagram_endpoint</c>).
/// </summary>
/// <remarks>
/// Linux x86-64 only for now, like the reactor they build on. Names are resolved off the loop
/// thread (<see cref="Dns.GetHostAddressesAsync(string)"/>); an IP literal skips resolution. TCP
/// connections get TCP_NODELAY, as asyncio's. TLS: pass .NET's authentication options as <c>ssl</c>
/// (see <see cref="StartTls(Transport, SslClientAuthenticationOptions, string?, TimeSpan?)"/>). No
/// happy eyeballs or <c>sock=</c> argument yet.
/// </remarks>
public sealed partial class EventLoop
{
    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> over TCP and wires a new protocol
    /// to the connection (asyncio's <c>create_connection</c>): connect, make the transport, call the
    /// factory, call <c>ConnectionMade</c>. Each resolved address is tried in turn; the last error is raised.
    /// </summary>
    /// <typeparam name="TProtocol">A <see cref="Protocol"/> or <see cref="BufferedProtocol"/>.</typeparam>
    /// <param name="protocolFactory">Makes the protocol (after the TLS handshake, with TLS).</param>
    /// <param name="host">A host name or an IP literal.</param>
    /// <param name="port">The port.</param>
    /// <param name="ssl">
    /// TLS (asyncio's <c>ssl=</c>): .NET's client options; the server's certificate is validated
    /// (chain and host name) unless the options set a <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>.
    /// The transport then carries plaintext, <c>ConnectionMade</c> runs after the handshake.
    /// </param>
    /// <param name="serverHostname">The host name to verify (asyncio's <c>server_hostname</c>); by default the options' <c>TargetHost</c>, else <paramref name="host"/>.</param>
    /// <param name="sslHandshakeTimeout">How long the TLS handshake may take (asyncio's <c>ssl_handshake_timeout</c>, default 60 s).</param>
    /// <exception cref="SocketException">Resolution or every connection attempt failed.</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The TLS handshake failed (the certificate was rejected, for example); the socket is closed.</exception>
    /// <exception cref="TimeoutException">The TLS handshake timed out; the socket is closed.</exception>
    /// <exception cref="ArgumentException">The factory made neither a <see cref="Protocol"/> nor a <see cref="BufferedProtocol"/>, or a TLS argument came without <paramref name="ssl"/>.</exception>
    public async Coro<(Transport Transport, TProtocol Protocol)> CreateConnection<TProtocol>(
        Func<TProtocol> protocolFactory, string host, int port, SslClientAuthenticationOptions? ssl = null, string? serverHostname = null, TimeSpan? sslHandshakeTimeout = null)
        where TProtocol : BaseProtocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var tls = ssl is null ? null : TlsOptions.ForClient(ssl, serverHostname, host);
        CheckTlsArguments(ssl is not null, serverHostname, sslHandshakeTimeout);
        var addresses = await Streams.Resolve(host);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false, NoDelay = true };
            try
            {
                await SockConnect(socket, new IPEndPoint(address, port));
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
                continue;
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            return tls is null ? Wire(socket, protocolFactory) : await WireTls(socket, protocolFactory, tls, sslHandshakeTimeout);
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>Connects to the Unix socket at <paramref name="path"/> and wires a new protocol to it (asyncio's <c>create_unix_connection</c>).</summary>
    /// <typeparam name="TProtocol">A <see cref="Protocol"/> or <see cref="BufferedProtocol"/>.</typeparam>
    /// <exception cref="SocketException">The connection failed (for example, nobody listens at <paramref name="path"/>).</exception>
    public async Coro<(Transport Transport, TProtocol Protocol)> CreateUnixConnection<TProtocol>(Func<TProtocol> protocolFactory, string path)
        where TProtocol : BaseProtocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
        try
        {
            await SockConnect(socket, new UnixDomainSocketEndPoint(path));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return Wire(socket, protocolFactory);
    }

    /// <summary>
    /// Listens on <paramref name="host"/>:<paramref name="port"/> over TCP; each connection gets a new
    /// protocol from <paramref name="protocolFactory"/> and a <see cref="Transport"/> (asyncio's <c>create_server</c>).
    /// </summary>
    /// <param name="protocolFactory">Makes one <see cref="Protocol"/> or <see cref="BufferedProtocol"/> per connection.</param>
    /// <param name="host">A host name or IP literal; every resolved address gets a socket. <see langword="null"/> or empty: all IPv4 interfaces.</param>
    /// <param name="port">The port; 0 picks a free one per socket (see <see cref="Server.Sockets"/>).</param>
    /// <param name="backlog">The listen backlog (also the most connections accepted per readiness turn).</param>
    /// <param name="reusePort">Sets SO_REUSEPORT, so several processes or loops can listen on one port.</param>
    /// <param name="startServing">False: the server accepts nothing until <see cref="Server.StartServing"/> or <see cref="Server.ServeForever"/>.</param>
    /// <param name="ssl">TLS (asyncio's <c>ssl=</c>): .NET's server options, at least a <see cref="SslServerAuthenticationOptions.ServerCertificate"/> with its private key. Each connection's protocol is made after its handshake.</param>
    /// <param name="sslHandshakeTimeout">How long each TLS handshake may take (asyncio's <c>ssl_handshake_timeout</c>, default 60 s).</param>
    /// <exception cref="SocketException">Resolution or binding failed.</exception>
    public async Coro<Server> CreateServer(
        Func<BaseProtocol> protocolFactory, string? host, int port, int backlog = 100, bool reusePort = false, bool startServing = true,
        SslServerAuthenticationOptions? ssl = null, TimeSpan? sslHandshakeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        CheckTlsArguments(ssl is not null, null, sslHandshakeTimeout);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var addresses = string.IsNullOrEmpty(host) ? [IPAddress.Any] : await Streams.Resolve(host);
        var sockets = new List<Socket>();
        try
        {
            foreach (var address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                if (reusePort)
                {
                    SetReusePort(socket);
                }

                if (address.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    socket.DualMode = false;
                }

                socket.Bind(new IPEndPoint(address, port));
                socket.Listen(backlog);
                socket.Blocking = false;
            }
        }
        catch
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            throw;
        }

        return StartServer(sockets.ToArray(), protocolFactory, backlog, null, startServing, ssl, sslHandshakeTimeout);
    }

    /// <summary>
    /// Listens on the Unix socket <paramref name="path"/> (asyncio's <c>create_unix_server</c>). A
    /// stale socket file at the path is removed first; closing the server removes the file.
    /// </summary>
    /// <exception cref="SocketException">Binding failed.</exception>
    /// <exception cref="IOException">Something other than a socket exists at <paramref name="path"/>.</exception>
    public Coro<Server> CreateUnixServer(Func<BaseProtocol> protocolFactory, string path, int backlog = 100, bool startServing = true)
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var socket = BindUnix(path, backlog);
        return Coro.FromResult(StartServer([socket], protocolFactory, backlog, path, startServing));
    }

    /// <summary>
    /// Opens a UDP endpoint (asyncio's <c>create_datagram_endpoint</c>): bound to <paramref name="localAddress"/>
    /// if given, connected to <paramref name="remoteAddress"/> if given (then <see cref="DatagramTransport.SendTo(ReadOnlySpan{byte}, EndPoint?)"/>
    /// may omit the address and only that peer's datagrams arrive).
    /// </summary>
    /// <exception cref="ArgumentException">Neither address is given.</exception>
    /// <exception cref="SocketException">Binding or connecting failed.</exception>
    public Coro<(DatagramTransport Transport, TProtocol Protocol)> CreateDatagramEndpoint<TProtocol>(
        Func<TProtocol> protocolFactory, EndPoint? localAddress = null, EndPoint? remoteAddress = null, bool reusePort = false, bool allowBroadcast = false)
        where TProtocol : DatagramProtocol
    {
        ArgumentNullException.ThrowIfNull(protocolFactory);
        if (localAddress is null && remoteAddress is null)
        {
            throw new ArgumentException("Give a local address to bind, a remote address to connect to, or both (asyncio needs one of them too).");
        }

        CheckThread();
        ThrowIfClosed();
        var family = (localAddress ?? remoteAddress)!.AddressFamily;
        var socket = new Socket(family, SocketType.Dgram, family == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Udp);
        try
        {
            if (reusePort)
            {
                SetReusePort(socket);
            }

            if (allowBroadcast)
            {
                socket.EnableBroadcast = true;
            }

            if (localAddress is not null)
            {
                socket.Bind(localAddress);
            }

            if (remoteAddress is not null)
            {
                socket.Connect(remoteAddress);
            }

            socket.Blocking = false;
            var protocol = protocolFactory();
            var transport = new DatagramTransport(this, socket, protocol, remoteAddress);
            transport.Start();
            return Coro.FromResult<(DatagramTransport, TProtocol)>((transport, protocol));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Binds and listens a Unix stream socket at <paramref name="path"/>, removing a stale socket file first (asyncio does, for a path that is a socket).</summary>
    internal static Socket BindUnix(string path, int backlog)
    {
        if (CoroGen.Reactor.Libc.IsSocketFile(path))
        {
            File.Delete(path);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            socket.Listen(backlog);
            socket.Blocking = false;
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>SO_REUSEPORT, which .NET has no name for (raw option: Linux's SOL_SOCKET is 1, not .NET's <see cref="SocketOptionLevel.Socket"/>).</summary>
    private static void SetReusePort(Socket socket)
    {
        const int SOL_SOCKET = 1;
        const int SO_REUSEPORT = 15;
        socket.SetRawSocketOption(SOL_SOCKET, SO_REUSEPORT, [1, 0, 0, 0]);
    }

    private Server StartServer(
        Socket[] sockets, Func<BaseProtocol> protocolFactory, int backlog, string? unixPath, bool startServing,
        SslServerAuthenticationOptions? ssl = null, TimeSpan? sslHandshakeTimeout = null)
    {
        CheckThread();
        ThrowIfClosed();
        var server = new Server(this, sockets, protocolFactory, backlog, unixPath, ssl, sslHandshakeTimeout);
        if (startServing)
        {
            server.StartServing();
        }

        return server;
    }

    private (Transport, TProtocol) Wire<TProtocol>(Socket socket, Func<TProtocol> protocolFactory)
        where TProtocol : BaseProtocol
    {
        try
        {
            var protocol = protocolFactory();
            var transport = new SocketTransport(this, socket, protocol, null);
            transport.Start();
            return (transport, protocol);
        }
        catch
        {
            Unregister(Registration(socket));
            socket.Dispose();
            throw;
        }
    }
}
