using System.Net.Security;
using System.Security.Authentication;

namespace CoroGen.Net;

/// <summary>
/// The TLS side of <see cref="AsyncStreamWriter"/>: <see cref="StartTls(SslClientAuthenticationOptions, string?, TimeSpan?)"/>
/// (asyncio's <c>StreamWriter.start_tls</c>) and the writes of a TLS connection.
/// </summary>
/// <remarks>
/// Over TLS the socket's readiness handler is the channel's <see cref="LoopSocketStream"/>, not
/// this writer: <see cref="Write(ReadOnlySpan{byte})"/> appends plaintext to the channel, which
/// encrypts and sends it; the channel reports progress back through <see cref="ITlsChannelOwner"/>,
/// and flow control works on the plaintext still buffered, with the same marks.
/// </remarks>
public sealed partial class AsyncStreamWriter : ITlsChannelOwner
{
    /// <summary>
    /// Upgrades the connection to TLS as the client (asyncio's <c>StreamWriter.start_tls</c>): waits
    /// until everything written so far is sent, then runs the handshake over the same socket. The
    /// reader's buffered bytes (the peer's handshake may have arrived with the last plaintext) go to TLS.
    /// When it returns, the reader and the writer carry plaintext through TLS.
    /// </summary>
    /// <param name="sslOptions">.NET's client options (the equivalent of an <c>SSLContext</c>): certificate validation is on unless you set <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>.</param>
    /// <param name="serverHostname">The name to verify the certificate against; by default the options' <see cref="SslClientAuthenticationOptions.TargetHost"/>.</param>
    /// <param name="sslHandshakeTimeout">How long the handshake may take (asyncio's <c>ssl_handshake_timeout</c>, default 60 s).</param>
    /// <exception cref="AuthenticationException">The handshake failed (the certificate was rejected, for example); the connection is closed.</exception>
    /// <exception cref="TimeoutException">The handshake timed out; the connection is closed.</exception>
    /// <exception cref="ArgumentException">No host name to verify is known.</exception>
    /// <exception cref="InvalidOperationException">The connection already runs TLS, is closing, or a read is in progress.</exception>
    public async Coro StartTls(SslClientAuthenticationOptions sslOptions, string? serverHostname = null, TimeSpan? sslHandshakeTimeout = null)
    {
        var options = TlsOptions.ForClient(sslOptions, serverHostname, null);
        TlsOptions.CheckTimeout(sslHandshakeTimeout);
        await DrainAll();
        await UpgradeToTls(options, null, sslHandshakeTimeout);
    }

    /// <summary>Upgrades the connection to TLS as the server (asyncio's <c>start_tls(..., server_side=True)</c>); see <see cref="StartTls(SslClientAuthenticationOptions, string?, TimeSpan?)"/>.</summary>
    /// <param name="sslOptions">.NET's server options: at least <see cref="SslServerAuthenticationOptions.ServerCertificate"/> (with its private key).</param>
    /// <param name="sslHandshakeTimeout">How long the handshake may take (default 60 s).</param>
    /// <exception cref="AuthenticationException">The handshake failed; the connection is closed.</exception>
    /// <exception cref="TimeoutException">The handshake timed out; the connection is closed.</exception>
    /// <exception cref="InvalidOperationException">The connection already runs TLS, is closing, or a read is in progress.</exception>
    public async Coro StartTls(SslServerAuthenticationOptions sslOptions, TimeSpan? sslHandshakeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(sslOptions);
        TlsOptions.CheckTimeout(sslHandshakeTimeout);
        await DrainAll();
        await UpgradeToTls(null, sslOptions, sslHandshakeTimeout);
    }

    /// <summary>
    /// Hands the socket to a new <see cref="TlsChannel"/> and runs the handshake; on failure (or
    /// cancellation) the connection is closed and the error raised. Used by <see cref="StartTls(SslClientAuthenticationOptions, string?, TimeSpan?)"/>
    /// and by the streams API's <c>ssl</c> options right after connecting or accepting.
    /// </summary>
    internal async Coro UpgradeToTls(SslClientAuthenticationOptions? client, SslServerAuthenticationOptions? server, TimeSpan? timeout)
    {
        if (_tls is not null || _upgrading)
        {
            throw new InvalidOperationException("The connection already runs TLS (or is being upgraded): StartTls() works once, on a plain connection.");
        }

        if (State != StreamWriterState.Open || _eofRequested)
        {
            throw new InvalidOperationException("Cannot start TLS on a writer that is closing or half-closed: call StartTls() before Close() or WriteEof().");
        }

        if (_reader is { IsReading: true })
        {
            throw new InvalidOperationException("Cannot start TLS while a read is in progress on the reader: let the read finish (or cancel it) first.");
        }

        _registration.ClearHandler();
        var early = _reader?.TakeBufferedForTls() ?? [];
        var channel = new TlsChannel(_loop, _socket, _registration, early);
        _reader?.SwitchToTls(channel);
        _upgrading = true;
        try
        {
            await channel.Handshake(client, server, timeout);
        }
        catch (Exception e)
        {
            _upgrading = false;
            _tls = channel;
            if (e is not OperationCanceledException)
            {
                SetError(e);
            }

            Finish();
            throw;
        }

        _upgrading = false;
        _tls = channel;
        channel.Owner = this;
    }

    /// <summary>A write on a TLS connection: into the channel, then flow control.</summary>
    private void WriteTls(ReadOnlySpan<byte> data)
    {
        if (_upgrading)
        {
            throw new InvalidOperationException("Cannot write while StartTls() is in progress: await it first, then write.");
        }

        _tls!.Write(data);
        PauseIfAbove();
    }

    /// <summary>Waits until the send buffer is empty (asyncio's start_tls drains first).</summary>
    private async Coro DrainAll()
    {
        if (WriteBufferSize == 0)
        {
            return;
        }

        var (high, low) = (HighWaterMark, LowWaterMark);
        SetWriteBufferLimits(0, 0);
        try
        {
            await Drain();
        }
        finally
        {
            if (State != StreamWriterState.Closed)
            {
                SetWriteBufferLimits(high, low);
            }
        }
    }

    /// <inheritdoc />
    void ITlsChannelOwner.OnTlsReadCompleted()
    {
    }

    /// <inheritdoc />
    void ITlsChannelOwner.OnTlsWritten() => MaybeResume();

    /// <inheritdoc />
    void ITlsChannelOwner.OnTlsWriteFailed(Exception error) => Fail(error);

    /// <inheritdoc />
    void ITlsChannelOwner.OnTlsClosed() => Finish();
}
