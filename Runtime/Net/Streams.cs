using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace CoroGen.Net;

/// <summary>
/// The entry points of asyncio's streams API (<c>open_connection</c>, <c>start_server</c>): TCP
/// connections as an <see cref="AsyncStreamReader"/> and <see cref="AsyncStreamWriter"/> pair.
/// </summary>
/// <remarks>
/// Linux x86-64 only for now, like the loop's socket operations they build on (elsewhere they
/// raise <see cref="PlatformNotSupportedException"/>). Names are resolved with
/// <see cref="Dns.GetHostAddressesAsync(string)"/>, off the loop thread; an IP literal skips
/// resolution. TLS: pass .NET's authentication options as <c>ssl</c> (see
/// <see cref="AsyncStreamWriter.StartTls(SslClientAuthenticationOptions, string?, TimeSpan?)"/> to
/// upgrade later). No happy eyeballs or <c>sock=</c> argument yet (see
/// <see cref="FromSocket"/> for a socket you connected yourself).
/// </remarks>
public static class Streams
{
    /// <summary>The default reader limit: 64 KiB, as asyncio's.</summary>
    public const int DefaultLimit = 64 * 1024;

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> over TCP, with TCP_NODELAY on
    /// (asyncio's <c>open_connection</c>). Each resolved address is tried in turn; the last error is raised.
    /// </summary>
    /// <param name="host">A host name or an IP literal.</param>
    /// <param name="port">The port.</param>
    /// <param name="limit">The reader's <see cref="AsyncBufferedReader.Limit"/>.</param>
    /// <param name="ssl">TLS (asyncio's <c>ssl=</c>): .NET's client options; the server's certificate is validated (chain and host name) unless the options set a <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>.</param>
    /// <param name="serverHostname">The host name to verify (asyncio's <c>server_hostname</c>); by default the options' <c>TargetHost</c>, else <paramref name="host"/>.</param>
    /// <param name="sslHandshakeTimeout">How long the TLS handshake may take (asyncio's <c>ssl_handshake_timeout</c>, default 60 s).</param>
    /// <exception cref="SocketException">Resolution or every connection attempt failed.</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The TLS handshake failed (the certificate was rejected, for example); the connection is closed.</exception>
    /// <exception cref="TimeoutException">The TLS handshake timed out; the connection is closed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive or <paramref name="port"/> is out of range.</exception>
    /// <exception cref="ArgumentException">A TLS argument came without <paramref name="ssl"/>.</exception>
    public static async Coro<(AsyncStreamReader Reader, AsyncStreamWriter Writer)> OpenConnection(
        string host, int port, int limit = DefaultLimit, SslClientAuthenticationOptions? ssl = null, string? serverHostname = null, TimeSpan? sslHandshakeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        CheckTlsArguments(ssl is not null, serverHostname, sslHandshakeTimeout);
        var tls = ssl is null ? null : TlsOptions.ForClient(ssl, serverHostname, host);
        var loop = EventLoop.GetRunningLoop();
        var addresses = await Resolve(host);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false, NoDelay = true };
            try
            {
                await loop.SockConnect(socket, new IPEndPoint(address, port));
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

            var pair = Wrap(loop, socket, limit);
            if (tls is not null)
            {
                // On failure the writer closes the socket.
                await pair.Writer.UpgradeToTls(tls, null, sslHandshakeTimeout);
            }

            return pair;
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>
    /// Listens on <paramref name="host"/>:<paramref name="port"/> and runs
    /// <paramref name="clientConnected"/> as a task for each connection (asyncio's <c>start_server</c>).
    /// The server is serving when this returns.
    /// </summary>
    /// <param name="clientConnected">
    /// The handler. When it returns, the writer is closed (after flushing); when it raises, the error
    /// goes to the loop's exception handler and the connection is closed. (asyncio leaves a connection
    /// whose handler returned open until the writer is closed or collected.)
    /// </param>
    /// <param name="host">A host name or IP literal; every resolved address gets a socket. <see langword="null"/> or empty: all IPv4 interfaces.</param>
    /// <param name="port">The port; 0 picks a free one (per socket: see <see cref="StreamServer.Sockets"/>).</param>
    /// <param name="backlog">The listen backlog.</param>
    /// <param name="limit">Each reader's <see cref="AsyncBufferedReader.Limit"/>.</param>
    /// <param name="ssl">TLS (asyncio's <c>ssl=</c>): .NET's server options, at least a <see cref="SslServerAuthenticationOptions.ServerCertificate"/> with its private key. <paramref name="clientConnected"/> runs after a connection's handshake succeeded; a failed handshake just closes it.</param>
    /// <param name="sslHandshakeTimeout">How long each TLS handshake may take (asyncio's <c>ssl_handshake_timeout</c>, default 60 s).</param>
    /// <exception cref="SocketException">Resolution or binding failed.</exception>
    public static async Coro<StreamServer> StartServer(
        Func<AsyncStreamReader, AsyncStreamWriter, Coro> clientConnected, string? host, int port, int backlog = 100, int limit = DefaultLimit,
        SslServerAuthenticationOptions? ssl = null, TimeSpan? sslHandshakeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(clientConnected);
        CheckTlsArguments(ssl is not null, null, sslHandshakeTimeout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var loop = EventLoop.GetRunningLoop();
        var addresses = string.IsNullOrEmpty(host) ? [IPAddress.Any] : await Resolve(host);
        var sockets = new List<Socket>();
        try
        {
            foreach (var address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
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

        var server = new StreamServer(loop, [.. sockets], clientConnected, limit, ssl: ssl, sslHandshakeTimeout: sslHandshakeTimeout);
        server.StartServing();
        return server;
    }

    /// <summary>Connects to the Unix socket at <paramref name="path"/> (asyncio's <c>open_unix_connection</c>).</summary>
    /// <param name="path">The socket's path.</param>
    /// <param name="limit">The reader's <see cref="AsyncBufferedReader.Limit"/>.</param>
    /// <exception cref="SocketException">The connection failed (for example, nobody listens at <paramref name="path"/>).</exception>
    public static async Coro<(AsyncStreamReader Reader, AsyncStreamWriter Writer)> OpenUnixConnection(string path, int limit = DefaultLimit)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var loop = EventLoop.GetRunningLoop();
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
        try
        {
            await loop.SockConnect(socket, new UnixDomainSocketEndPoint(path));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return Wrap(loop, socket, limit);
    }

    /// <summary>
    /// Listens on the Unix socket <paramref name="path"/> and runs <paramref name="clientConnected"/>
    /// as a task per connection (asyncio's <c>start_unix_server</c>). A stale socket file at the path
    /// is removed first; closing the server removes the file (asyncio's <c>cleanup_socket=True</c>).
    /// </summary>
    /// <exception cref="SocketException">Binding failed.</exception>
    public static Coro<StreamServer> StartUnixServer(Func<AsyncStreamReader, AsyncStreamWriter, Coro> clientConnected, string path, int backlog = 100, int limit = DefaultLimit)
    {
        ArgumentNullException.ThrowIfNull(clientConnected);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var loop = EventLoop.GetRunningLoop();
        var socket = EventLoop.BindUnix(path, backlog);
        var server = new StreamServer(loop, [socket], clientConnected, limit, path);
        server.StartServing();
        return Coro.FromResult(server);
    }

    /// <summary>Wraps a connected socket you made yourself (asyncio's <c>sock=</c> argument); the socket is made non-blocking and the writer owns it.</summary>
    /// <param name="socket">A connected stream socket.</param>
    /// <param name="limit">The reader's <see cref="AsyncBufferedReader.Limit"/>.</param>
    /// <exception cref="InvalidOperationException">No loop is running on this thread.</exception>
    public static (AsyncStreamReader Reader, AsyncStreamWriter Writer) FromSocket(Socket socket, int limit = DefaultLimit)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        socket.Blocking = false;
        return Wrap(EventLoop.GetRunningLoop(), socket, limit);
    }

    internal static (AsyncStreamReader Reader, AsyncStreamWriter Writer) Wrap(EventLoop loop, Socket socket, int limit)
    {
        var registration = loop.Registration(socket);
        var reader = new AsyncStreamReader(socket, registration, limit);
        return (reader, new AsyncStreamWriter(loop, socket, registration, reader));
    }

    private static void CheckTlsArguments(bool tls, string? serverHostname, TimeSpan? sslHandshakeTimeout)
    {
        if (!tls && (serverHostname is not null || sslHandshakeTimeout is not null))
        {
            throw new ArgumentException("serverHostname and sslHandshakeTimeout are only meaningful with TLS: pass ssl options too (asyncio raises ValueError the same way).");
        }

        TlsOptions.CheckTimeout(sslHandshakeTimeout);
    }

    internal static async Coro<IPAddress[]> Resolve(string host)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        var addresses = await Dns.GetHostAddressesAsync(host);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        return addresses;
    }
}
