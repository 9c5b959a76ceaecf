using System.Net.Security;

namespace CoroGen.Net;

/// <summary>
/// How CoroGen turns asyncio's TLS arguments (<c>ssl=</c>, <c>server_hostname=</c>) into .NET's
/// <see cref="SslClientAuthenticationOptions"/>: the options are .NET's own (the equivalent of an
/// <c>SSLContext</c>); only the host name to verify is filled in, on a copy, so the caller's
/// options object can be shared between connections.
/// </summary>
internal static class TlsOptions
{
    /// <summary>
    /// The options to authenticate with: <paramref name="options"/> itself when its
    /// <see cref="SslClientAuthenticationOptions.TargetHost"/> is set and no
    /// <paramref name="serverHostname"/> overrides it, else a copy whose target host is
    /// <paramref name="serverHostname"/>, else <paramref name="host"/> (asyncio's rule).
    /// </summary>
    /// <exception cref="ArgumentException">No host name is known and the certificate is validated by default (asyncio raises ValueError).</exception>
    internal static SslClientAuthenticationOptions ForClient(SslClientAuthenticationOptions options, string? serverHostname, string? host)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (serverHostname is null && !string.IsNullOrEmpty(options.TargetHost))
        {
            return options;
        }

        var target = serverHostname ?? host;
        if (string.IsNullOrEmpty(target) && options.RemoteCertificateValidationCallback is null)
        {
            throw new ArgumentException(
                "A TLS client needs the server's host name to verify its certificate: pass serverHostname (or set TargetHost in the options), or validate the certificate yourself with RemoteCertificateValidationCallback.",
                nameof(serverHostname));
        }

        return new SslClientAuthenticationOptions
        {
            TargetHost = target,
            AllowRenegotiation = options.AllowRenegotiation,
            AllowTlsResume = options.AllowTlsResume,
            ApplicationProtocols = options.ApplicationProtocols,
            CertificateChainPolicy = options.CertificateChainPolicy,
            CertificateRevocationCheckMode = options.CertificateRevocationCheckMode,
            CipherSuitesPolicy = options.CipherSuitesPolicy,
            ClientCertificateContext = options.ClientCertificateContext,
            ClientCertificates = options.ClientCertificates,
            EnabledSslProtocols = options.EnabledSslProtocols,
            LocalCertificateSelectionCallback = options.LocalCertificateSelectionCallback,
            RemoteCertificateValidationCallback = options.RemoteCertificateValidationCallback,
        };
    }

    /// <summary>Checks a handshake timeout (asyncio: positive, default 60 s).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is zero or negative.</exception>
    internal static void CheckTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), t, "The TLS handshake timeout must be positive (asyncio's ssl_handshake_timeout; null means the default, 60 s).");
        }
    }
}
