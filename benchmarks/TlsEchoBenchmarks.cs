using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using CoroGen.Net;

namespace CoroGen.Benchmarks;

/// <summary>
/// The TLS row of the echo table: 64-byte messages, one connection, server and client on one
/// <see cref="EventLoop"/>, through the streams API and through protocols, next to the same plain
/// streams echo (the baseline). A separate class from <see cref="EchoBenchmarks"/> so it runs
/// without that class's 1/10/100 × 64 B/4 KiB grid.
/// </summary>
/// <remarks>
/// The certificate is a self-signed ECDSA P-256 one made in <see cref="Setup"/>; the client trusts
/// it with a validation callback. Handshakes happen in setup; an invocation only runs round trips.
/// </remarks>
[MemoryDiagnoser]
public partial class TlsEchoBenchmarks
{
    /// <summary>Round trips per invocation.</summary>
    public const int RoundTrips = 2_000;

    private const int MessageSize = 64;

    private EventLoop _loop = null!;
    private X509Certificate2 _certificate = null!;
    private StreamServer _plainServer = null!;
    private StreamServer _tlsServer = null!;
    private Server _protocolServer = null!;
    private AsyncStreamReader _plainReader = null!;
    private AsyncStreamWriter _plainWriter = null!;
    private AsyncStreamReader _tlsReader = null!;
    private AsyncStreamWriter _tlsWriter = null!;
    private Transport _tlsTransport = null!;
    private PingProtocol _pinger = null!;
    private readonly byte[] _message = new byte[MessageSize];
    private readonly byte[] _reply = new byte[MessageSize];

    /// <summary>Makes the certificate, starts the servers and connects (handshakes included).</summary>
    [GlobalSetup]
    public void Setup()
    {
        Array.Fill(_message, (byte)'t');
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            _certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }

        _loop = new EventLoop();
        _loop.RunUntilComplete(CoroSetup(this));
    }

    /// <summary>Closes the connections and servers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _loop.RunUntilComplete(CoroCleanup(this));
        _loop.Dispose();
        _certificate.Dispose();
    }

    /// <summary>Plain streams echo (no TLS), the baseline.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = RoundTrips)]
    public long CoroGen_Streams_Plain() => _loop.RunUntilComplete(EchoStreams.StreamClient(_plainReader, _plainWriter, _message, _reply, RoundTrips));

    /// <summary>The same over TLS.</summary>
    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public long CoroGen_Streams_Tls() => _loop.RunUntilComplete(EchoStreams.StreamClient(_tlsReader, _tlsWriter, _message, _reply, RoundTrips));

    /// <summary>Protocols over TLS: each echo's <c>DataReceived</c> sends the next message.</summary>
    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public long CoroGen_Protocol_Tls() => _loop.RunUntilComplete(PingRun(this));

    private SslClientAuthenticationOptions ClientOptions()
    {
        var thumbprint = _certificate.GetCertHashString();
        return new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint,
        };
    }

    [Coroutine]
    private static async partial Coro<bool> CoroSetup(TlsEchoBenchmarks self)
    {
        var loop = EventLoop.GetRunningLoop();
        var serverOptions = new SslServerAuthenticationOptions { ServerCertificate = self._certificate };
        self._plainServer = await Streams.StartServer(EchoStreams.StreamEcho, "127.0.0.1", 0);
        (self._plainReader, self._plainWriter) = await Streams.OpenConnection("127.0.0.1", ((IPEndPoint)self._plainServer.Sockets[0].LocalEndPoint!).Port);
        self._tlsServer = await Streams.StartServer(EchoStreams.StreamEcho, "127.0.0.1", 0, ssl: serverOptions);
        (self._tlsReader, self._tlsWriter) = await Streams.OpenConnection("127.0.0.1", ((IPEndPoint)self._tlsServer.Sockets[0].LocalEndPoint!).Port, ssl: self.ClientOptions());
        self._protocolServer = await loop.CreateServer(() => new EchoProtocol(), "127.0.0.1", 0, ssl: serverOptions);
        (self._tlsTransport, self._pinger) = await loop.CreateConnection(() => new PingProtocol(), "127.0.0.1", ((IPEndPoint)self._protocolServer.Sockets[0].LocalEndPoint!).Port, ssl: self.ClientOptions());
        return true;
    }

    [Coroutine]
    private static async partial Coro<bool> CoroCleanup(TlsEchoBenchmarks self)
    {
        self._plainWriter.Close();
        await self._plainWriter.WaitClosed();
        self._tlsWriter.Close();
        await self._tlsWriter.WaitClosed();
        self._tlsTransport.Close();
        self._plainServer.Close();
        self._tlsServer.Close();
        self._protocolServer.Close();
        await self._plainServer.WaitClosed();
        await self._tlsServer.WaitClosed();
        self._protocolServer.CloseClients();
        await self._protocolServer.WaitClosed();
        return true;
    }

    [Coroutine]
    private static async partial Coro<long> PingRun(TlsEchoBenchmarks self)
    {
        var done = new Sync.AsyncEvent();
        self._pinger.Start(self._message, RoundTrips, done.Set);
        await done.Wait();
        return self._pinger.Total;
    }
}
