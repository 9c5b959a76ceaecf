using System.Net.Security;
using System.Net.Sockets;
using CoroGen.Loop;
using CoroGen.Net;

namespace CoroGen;

/// <summary>
/// TLS on transports (asyncio's <c>ssl=</c> arguments and <c>loop.start_tls</c>), with .NET's
/// <see cref="SslStream"/> semantics: the options are <see cref="SslClientAuthenticationOptions"/> /
/// <see cref="SslServerAuthenticationOptions"/>, and a client validates the server's certificate
/// unless told otherwise.
/// </summary>
/// <remarks>
/// The SslStream sits on a loop-driven socket stream (<c>LoopSocketStream</c>) that completes its
/// I/O on the loop thread, so the handshake and every record are processed on the loop thread
/// with no thread-pool hop (see <c>TlsChannel</c>).
/// </remarks>
public sealed partial class EventLoop
{
    /// <summary>
    /// Upgrades a plain connection to TLS as the client (asyncio's <c>loop.start_tls</c>): the old
    /// transport hands its socket over and is done; the returned transport carries plaintext to the
    /// same protocol, which hears no new <c>ConnectionMade</c>. Data the old transport already
    /// delivered stays delivered.
    /// </summary>
    /// <param name="transport">A transport made by this loop, with an empty write buffer.</param>
    /// <param name="sslOptions">.NET's client options (certificate validation on by default).</param>
    /// <param name="serverHostname">The host name to verify; by default the options' <c>TargetHost</c>.</param>
    /// <param name="sslHandshakeTimeout">How long the handshake may take (default 60 s).</param>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The handshake failed; the connection is closed and the protocol hears <c>ConnectionLost</c>.</exception>
    /// <exception cref="TimeoutException">The handshake timed out; the connection is closed.</exception>
    /// <exception cref="InvalidOperationException">The transport is closing, not a plain socket transport, or has buffered data.</exception>
    /// <exception cref="ArgumentException">No host name to verify is known.</exception>
    public Coro<Transport> StartTls(Transport transport, SslClientAuthenticationOptions sslOptions, string? serverHostname = null, TimeSpan? sslHandshakeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var options = TlsOptions.ForClient(sslOptions, serverHostname, null);
        TlsOptions.CheckTimeout(sslHandshakeTimeout);
        return Upgrade(transport, options, null, sslHandshakeTimeout);
    }

    /// <summary>Upgrades a plain connection to TLS as the server (asyncio's <c>loop.start_tls(..., server_side=True)</c>); see <see cref="StartTls(Transport, SslClientAuthenticationOptions, string?, TimeSpan?)"/>.</summary>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The handshake failed; the connection is closed.</exception>
    /// <exception cref="TimeoutException">The handshake timed out; the connection is closed.</exception>
    /// <exception cref="InvalidOperationException">The transport is closing, not a plain socket transport, or has buffered data.</exception>
    public Coro<Transport> StartTls(Transport transport, SslServerAuthenticationOptions sslOptions, TimeSpan? sslHandshakeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(sslOptions);
        TlsOptions.CheckTimeout(sslHandshakeTimeout);
        return Upgrade(transport, null, sslOptions, sslHandshakeTimeout);
    }

    private static void CheckTlsArguments(bool tls, string? serverHostname, TimeSpan? sslHandshakeTimeout)
    {
        if (!tls && serverHostname is not null)
        {
            throw new ArgumentException("serverHostname is only meaningful with TLS: pass ssl options too (asyncio raises ValueError the same way).", nameof(serverHostname));
        }

        if (!tls && sslHandshakeTimeout is not null)
        {
            throw new ArgumentException("sslHandshakeTimeout is only meaningful with TLS: pass ssl options too (asyncio raises ValueError the same way).", nameof(sslHandshakeTimeout));
        }

        TlsOptions.CheckTimeout(sslHandshakeTimeout);
    }

    private async Coro<Transport> Upgrade(Transport transport, SslClientAuthenticationOptions? client, SslServerAuthenticationOptions? server, TimeSpan? timeout)
    {
        CheckThread();
        if (transport is not SocketTransport plain)
        {
            throw new InvalidOperationException($"StartTls() upgrades a plain stream transport made by this loop; {transport} is not one (it may already run TLS).");
        }

        var protocol = plain.Protocol;
        var (socket, registration, owner) = plain.DetachForTls();
        var channel = new TlsChannel(this, socket, registration, []);
        try
        {
            await channel.Handshake(client, server, timeout);
        }
        catch (Exception e)
        {
            Unregister(registration);
            socket.Dispose();
            owner?.Detach(transport);
            try
            {
                protocol.ConnectionLost(e is OperationCanceledException ? null : e);
            }
            catch (Exception lost)
            {
                CallExceptionHandler(new ExceptionContext("protocol.ConnectionLost() failed") { Exception = lost });
            }

            throw;
        }

        var upgraded = new TlsTransport(this, channel, protocol, owner);
        owner?.Replace(transport, upgraded);
        upgraded.Start(callConnectionMade: false);
        return upgraded;
    }

    private async Coro<(Transport, TProtocol)> WireTls<TProtocol>(Socket socket, Func<TProtocol> protocolFactory, SslClientAuthenticationOptions options, TimeSpan? timeout)
        where TProtocol : BaseProtocol
    {
        var registration = Registration(socket);
        var channel = new TlsChannel(this, socket, registration, []);
        TProtocol protocol;
        TlsTransport transport;
        try
        {
            await channel.Handshake(options, null, timeout);
            protocol = protocolFactory();
            transport = new TlsTransport(this, channel, protocol, null);
        }
        catch
        {
            channel.Abort();
            Unregister(registration);
            socket.Dispose();
            throw;
        }

        transport.Start();
        return (transport, protocol);
    }
}
