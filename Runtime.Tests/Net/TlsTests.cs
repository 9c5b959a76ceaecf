using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CoroGen.Loop;
using CoroGen.Net;
using CoroGen.Sync;

namespace CoroGen.Tests.Net;

/// <summary>
/// TLS over real loopback sockets (asyncio's <c>ssl=</c>, <c>start_tls</c>) with a self-signed
/// certificate made in the test: streams and protocols, validation, STARTTLS, back-pressure,
/// cancellation and timeout of the handshake.
/// </summary>
[TestClass]
public sealed class TlsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static readonly Lazy<X509Certificate2> Certificate = new(MakeCertificate);

    private static EventLoop RealLoop() => new(new EventLoopOptions { ErrorWriter = TextWriter.Null });

    private static T Run<T>(EventLoop loop, Coro<T> main) => loop.RunUntilComplete(Coro.WaitFor(main, Deadline));

    private static byte[] Bytes(string s) => Encoding.ASCII.GetBytes(s);

    private static string Text(byte[] b) => Encoding.ASCII.GetString(b);

    private static int Port(StreamServer server) => ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;

    private static int Port(Server server) => ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;

    /// <summary>A self-signed ECDSA certificate for "localhost" (and 127.0.0.1), re-imported from PKCS#12 so its private key works on Linux.</summary>
    private static X509Certificate2 MakeCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static SslServerAuthenticationOptions ServerOptions() => new() { ServerCertificate = Certificate.Value };

    /// <summary>Trusts exactly the test's certificate: only the chain error (self-signed) is forgiven, never a name mismatch.</summary>
    private static SslClientAuthenticationOptions TrustingClient() => new()
    {
        RemoteCertificateValidationCallback = static (_, certificate, _, errors) =>
            certificate is not null
            && certificate.GetCertHashString() == Certificate.Value.GetCertHashString()
            && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None,
    };

    private static async Coro EchoLines(AsyncStreamReader reader, AsyncStreamWriter writer)
    {
        while (true)
        {
            var line = await reader.ReadLine();
            if (line.Length == 0)
            {
                return;
            }

            writer.Write(line);
            await writer.Drain();
        }
    }

    /// <summary>Lets the loop run the close callbacks of sockets that just went away.</summary>
    private static async Coro Settle()
    {
        for (var i = 0; i < 20; i++)
        {
            await Coro.Sleep(0.005);
        }
    }

    [TestMethod]
    public void StreamsHandshakeAndEchoBothWays()
    {
        using var loop = RealLoop();
        async Coro<List<string>> Main()
        {
            AsyncStreamWriter? serverWriter = null;
            var server = await Streams.StartServer(
                (r, w) =>
                {
                    serverWriter = w;
                    return EchoLines(r, w);
                },
                "127.0.0.1",
                0,
                ssl: ServerOptions());
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server), ssl: TrustingClient(), serverHostname: "localhost");
            Assert.IsTrue(writer.IsTls);
            Assert.IsFalse(writer.CanWriteEof);
            Assert.IsInstanceOfType<SslStream>(writer.GetExtraInfo("ssl_object"));
            Assert.AreEqual(Certificate.Value.GetCertHashString(), ((X509Certificate)writer.GetExtraInfo("peercert")!).GetCertHashString());
            Assert.IsNotNull(writer.GetExtraInfo("cipher"));
            Assert.IsInstanceOfType<IPEndPoint>(writer.GetExtraInfo("peername"));
            Assert.IsInstanceOfType<SslClientAuthenticationOptions>(writer.GetExtraInfo("sslcontext"));
            Assert.AreEqual("none", writer.GetExtraInfo("nope", "none"));
            var echoed = new List<string>();
            foreach (var line in new[] { "one\n", "two\n", "three\n" })
            {
                writer.Write(Bytes(line));
                await writer.Drain();
                echoed.Add(Text(await reader.ReadLine()));
            }

            Assert.IsTrue(serverWriter!.IsTls);
            Assert.IsNull(serverWriter.GetExtraInfo("peercert"), "no client certificate was asked for");
            var eof = Assert.ThrowsExactly<NotSupportedException>(writer.WriteEof);
            StringAssert.Contains(eof.Message, "TLS");
            writer.Close();
            await writer.WaitClosed();
            server.Close();
            await server.WaitClosed();
            return echoed;
        }

        CollectionAssert.AreEqual(new[] { "one\n", "two\n", "three\n" }, Run(loop, Main()));
    }

    [TestMethod]
    public void ServerCloseSendsEofThroughTls()
    {
        using var loop = RealLoop();
        async Coro<(string, bool)> Main()
        {
            var server = await Streams.StartServer(
                async (_, w) =>
                {
                    w.Write(Bytes("bye"));
                    await w.Drain();
                },
                "127.0.0.1",
                0,
                ssl: ServerOptions());
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server), ssl: TrustingClient(), serverHostname: "localhost");
            var all = await reader.Read();
            var atEof = reader.AtEof;
            writer.Close();
            await writer.WaitClosed();
            server.Close();
            await server.WaitClosed();
            return (Text(all), atEof);
        }

        Assert.AreEqual(("bye", true), Run(loop, Main()));
    }

    /// <summary>Echoes every byte back; records what the transport saw.</summary>
    private sealed class Echo : Protocol
    {
        private Transport? _transport;

        public override void ConnectionMade(Transport transport) => _transport = transport;

        public override void DataReceived(ReadOnlySpan<byte> data) => _transport!.Write(data);
    }

    private sealed class Collector : Protocol
    {
        public readonly MemoryStream Received = new();
        public readonly AsyncEvent Changed = new();
        public readonly AsyncEvent Lost = new();
        public Transport? Transport;
        public bool Made;
        public Exception? LostWith;

        public override void ConnectionMade(Transport transport)
        {
            Transport = transport;
            Made = true;
        }

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            Received.Write(data);
            Changed.Set();
        }

        public override void ConnectionLost(Exception? exception)
        {
            LostWith = exception;
            Lost.Set();
        }

        public async Coro WaitFor(int count)
        {
            while (Received.Length < count)
            {
                Changed.Clear();
                await Changed.Wait();
            }
        }
    }

    [TestMethod]
    public void ProtocolsHandshakeAndEchoBothWays()
    {
        using var loop = RealLoop();
        async Coro<string> Main()
        {
            var server = await loop.CreateServer(() => new Echo(), "127.0.0.1", 0, ssl: ServerOptions());
            var (transport, client) = await loop.CreateConnection(() => new Collector(), "127.0.0.1", Port(server), ssl: TrustingClient(), serverHostname: "localhost");
            Assert.IsTrue(client.Made);
            Assert.IsFalse(transport.CanWriteEof);
            Assert.IsInstanceOfType<SslStream>(transport.GetExtraInfo("ssl_object"));
            Assert.ThrowsExactly<NotSupportedException>(transport.WriteEof);
            transport.Write(Bytes("ping "));
            transport.Write(Bytes("pong"));
            await client.WaitFor(9);
            transport.Close();
            await client.Lost.Wait();
            Assert.IsNull(client.LostWith);
            server.Close();
            await server.WaitClosed();
            return Text(client.Received.ToArray());
        }

        Assert.AreEqual("ping pong", Run(loop, Main()));
    }

    [TestMethod]
    public void DefaultValidationRejectsTheSelfSignedCertificateAndLeaksNothing()
    {
        using var loop = RealLoop();
        async Coro<(Type, int, int, bool)> Main()
        {
            var called = false;
            var server = await Streams.StartServer(
                (r, w) =>
                {
                    called = true;
                    return EchoLines(r, w);
                },
                "127.0.0.1",
                0,
                ssl: ServerOptions());
            await Settle();
            var before = loop.RegisteredDescriptors;
            Type? error = null;
            try
            {
                await Streams.OpenConnection("127.0.0.1", Port(server), ssl: new SslClientAuthenticationOptions(), serverHostname: "localhost");
            }
            catch (Exception e)
            {
                error = e.GetType();
            }

            await Settle();
            var after = loop.RegisteredDescriptors;
            server.Close();
            await server.WaitClosed();
            return (error!, before, after, called);
        }

        var (error, before, after, called) = Run(loop, Main());
        Assert.AreEqual(typeof(AuthenticationException), error);
        Assert.AreEqual(before, after, "both ends of the rejected connection are unregistered and closed");
        // With TLS 1.3 the server's handshake is done before the client checks the certificate, so the
        // server's handler may run (as in asyncio); the client's alert then ends its read, and the
        // registration count above proves its side was closed too.
        _ = called;
    }

    [TestMethod]
    public void DefaultValidationRejectsOnTheProtocolPathToo()
    {
        using var loop = RealLoop();
        async Coro<(bool, int, int, int)> Main()
        {
            var server = await loop.CreateServer(() => new Echo(), "127.0.0.1", 0, ssl: ServerOptions());
            await Settle();
            var before = loop.RegisteredDescriptors;
            var made = 0;
            var rejected = false;
            try
            {
                await loop.CreateConnection(
                    () =>
                    {
                        made++;
                        return new Collector();
                    },
                    "127.0.0.1",
                    Port(server),
                    ssl: new SslClientAuthenticationOptions(),
                    serverHostname: "localhost");
            }
            catch (AuthenticationException)
            {
                rejected = true;
            }

            await Settle();
            var after = loop.RegisteredDescriptors;
            var connections = server.ActiveConnections;
            server.Close();
            await server.WaitClosed();
            return (rejected, made, after - before, connections);
        }

        Assert.AreEqual((true, 0, 0, 0), Run(loop, Main()));
    }

    [TestMethod]
    public void APlainClientFailsTheServerHandshakeAndIsClosed()
    {
        using var loop = RealLoop();
        async Coro<(int, bool, int)> Main()
        {
            var called = false;
            var server = await Streams.StartServer(
                (r, w) =>
                {
                    called = true;
                    return EchoLines(r, w);
                },
                "127.0.0.1",
                0,
                ssl: ServerOptions());
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server));
            writer.Write(Bytes("GET / HTTP/1.0\r\n\r\n"));
            var answer = await reader.Read();
            writer.Close();
            await writer.WaitClosed();
            await Settle();
            var clients = server.ActiveClients;
            server.Close();
            await server.WaitClosed();
            return (answer.Length, called, clients);
        }

        var (_, called, clients) = Run(loop, Main());
        Assert.IsFalse(called, "the handler runs only after a successful handshake");
        Assert.AreEqual(0, clients);
    }

    /// <summary>Pauses reading on demand; counts flow-control calls.</summary>
    private sealed class Throttled : Protocol
    {
        public readonly AsyncEvent Resumed = new();
        public Transport? Transport;
        public long Received;
        public int Pauses;
        public int Resumes;

        public override void ConnectionMade(Transport transport) => Transport = transport;

        public override void DataReceived(ReadOnlySpan<byte> data) => Received += data.Length;

        public override void PauseWriting() => Pauses++;

        public override void ResumeWriting()
        {
            Resumes++;
            Resumed.Set();
        }
    }

    [TestMethod]
    public void ProtocolFlowControlPausesAndResumesOverTls()
    {
        using var loop = RealLoop();
        async Coro<(long, long, int, int, int)> Main()
        {
            var serverSide = new Throttled();
            var server = await loop.CreateServer(() => serverSide, "127.0.0.1", 0, ssl: ServerOptions());
            var (transport, client) = await loop.CreateConnection(() => new Throttled(), "127.0.0.1", Port(server), ssl: TrustingClient(), serverHostname: "localhost");
            while (serverSide.Transport is null)
            {
                await Coro.Sleep(0.001);
            }

            // The peer stops reading: the kernel buffers fill, then the TLS write buffer, until the writer pauses.
            serverSide.Transport.PauseReading();
            Assert.IsFalse(serverSide.Transport.IsReading);
            var chunk = new byte[16 * 1024];
            long sent = 0;
            var maxBuffered = 0;
            while (client.Pauses == 0 && sent < 256L * 1024 * 1024)
            {
                transport.Write(chunk);
                sent += chunk.Length;
                maxBuffered = Math.Max(maxBuffered, transport.GetWriteBufferSize());
                if (sent % (1024 * 1024) == 0)
                {
                    await Coro.Sleep(0.001);
                }
            }

            serverSide.Transport.ResumeReading();
            await client.Resumed.Wait();
            while (serverSide.Received < sent)
            {
                await Coro.Sleep(0.005);
            }

            transport.Close();
            server.Close();
            server.CloseClients();
            await server.WaitClosed();
            return (sent, serverSide.Received, client.Pauses, client.Resumes, maxBuffered);
        }

        var (sent, received, pauses, resumes, maxBuffered) = Run(loop, Main());
        Assert.AreEqual(sent, received);
        Assert.AreEqual(1, pauses, "the writer was paused above the high-water mark");
        Assert.AreEqual(1, resumes);
        Assert.IsTrue(maxBuffered <= 64 * 1024 + 16 * 1024, $"buffered {maxBuffered}");
    }

    [TestMethod]
    public void HostnameMismatchFails()
    {
        using var loop = RealLoop();
        async Coro<bool> Main()
        {
            var server = await Streams.StartServer(EchoLines, "127.0.0.1", 0, ssl: ServerOptions());
            try
            {
                await Streams.OpenConnection("127.0.0.1", Port(server), ssl: TrustingClient(), serverHostname: "example.com");
                return false;
            }
            catch (AuthenticationException)
            {
                return true;
            }
            finally
            {
                server.Close();
                await server.WaitClosed();
            }
        }

        Assert.IsTrue(Run(loop, Main()));
    }

    [TestMethod]
    public void StartTlsUpgradesAPlainStreamMidway()
    {
        using var loop = RealLoop();
        async Coro<(string, string, bool)> Main()
        {
            var server = await Streams.StartServer(
                async (r, w) =>
                {
                    var command = await r.ReadLine();
                    Assert.AreEqual("STARTTLS\n", Text(command));
                    w.Write(Bytes("OK\n"));
                    await w.Drain();
                    await w.StartTls(ServerOptions());
                    await EchoLines(r, w);
                },
                "127.0.0.1",
                0);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server));
            Assert.IsFalse(writer.IsTls);
            writer.Write(Bytes("STARTTLS\n"));
            var ok = Text(await reader.ReadLine());
            await writer.StartTls(TrustingClient(), serverHostname: "localhost");
            var upgraded = writer.IsTls;
            writer.Write(Bytes("secret\n"));
            var echoed = Text(await reader.ReadLine());
            writer.Close();
            await writer.WaitClosed();
            server.Close();
            await server.WaitClosed();
            return (ok, echoed, upgraded);
        }

        Assert.AreEqual(("OK\n", "secret\n", true), Run(loop, Main()));
    }

    [TestMethod]
    public void StartTlsWithoutAHostNameToVerifyIsRefusedAndTheConnectionStaysPlain()
    {
        using var loop = RealLoop();
        async Coro<(string, string)> Main()
        {
            var server = await Streams.StartServer(EchoLines, "127.0.0.1", 0);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server));
            string message;
            try
            {
                await writer.StartTls(new SslClientAuthenticationOptions());
                message = "upgraded";
            }
            catch (ArgumentException e)
            {
                message = e.Message;
            }

            writer.Write(Bytes("plain\n"));
            var echoed = Text(await reader.ReadLine());
            writer.Close();
            await writer.WaitClosed();
            server.Close();
            await server.WaitClosed();
            return (message, echoed);
        }

        var (message, echoed) = Run(loop, Main());
        StringAssert.Contains(message, "serverHostname");
        Assert.AreEqual("plain\n", echoed);
    }

    [TestMethod]
    public void StartTlsUpgradesAPlainTransport()
    {
        using var loop = RealLoop();
        async Coro<string> Main()
        {
            var serverSide = new Collector();
            var server = await loop.CreateServer(() => serverSide, "127.0.0.1", 0);
            var (transport, client) = await loop.CreateConnection(() => new Collector(), "127.0.0.1", Port(server));
            transport.Write(Bytes("hello"));
            await serverSide.WaitFor(5);
            var serverUpgrade = Coro.Spawn(loop.StartTls(serverSide.Transport!, ServerOptions()));
            var secure = await loop.StartTls(transport, TrustingClient(), serverHostname: "localhost");
            var serverSecure = await serverUpgrade;
            Assert.IsInstanceOfType<SslStream>(secure.GetExtraInfo("ssl_object"));
            try
            {
                await loop.StartTls(secure, TrustingClient(), "localhost");
                throw new AssertFailedException("a TLS transport cannot be upgraded again");
            }
            catch (InvalidOperationException)
            {
            }

            secure.Write(Bytes(" over tls"));
            await serverSide.WaitFor(14);
            serverSecure.Write(Bytes("back"));
            await client.WaitFor(4);
            secure.Close();
            await client.Lost.Wait();
            await serverSide.Lost.Wait();
            server.Close();
            await server.WaitClosed();
            return Text(serverSide.Received.ToArray()) + "|" + Text(client.Received.ToArray());
        }

        Assert.AreEqual("hello over tls|back", Run(loop, Main()));
    }

    [TestMethod]
    public void OneMebibyteEachWayWithASlowReaderKeepsMemoryBounded()
    {
        const int Size = 1 << 20;
        const int Chunk = 16 * 1024;
        using var loop = RealLoop();
        async Coro<(long, long, int)> Main()
        {
            var maxBuffered = 0;
            var server = await Streams.StartServer(
                async (r, w) =>
                {
                    // Slow reader: small reads with pauses; echoes what it read.
                    var buffer = new byte[4096];
                    var total = 0;
                    while (total < Size)
                    {
                        await r.ReadExactly(buffer.AsMemory());
                        total += buffer.Length;
                        if (total % (64 * 1024) == 0)
                        {
                            await Coro.Sleep(0.002);
                        }

                        w.Write(buffer);
                        maxBuffered = Math.Max(maxBuffered, w.WriteBufferSize);
                        await w.Drain();
                    }
                },
                "127.0.0.1",
                0,
                ssl: ServerOptions());
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server), ssl: TrustingClient(), serverHostname: "localhost");
            var data = new byte[Size];
            new Random(42).NextBytes(data);
            long sum = 0;
            foreach (var b in data)
            {
                sum += b;
            }

            async Coro<long> ReadAll()
            {
                var buffer = new byte[8192];
                long got = 0;
                var offset = 0;
                while (offset < Size)
                {
                    var n = await reader.ReadInto(buffer.AsMemory());
                    for (var i = 0; i < n; i++)
                    {
                        Assert.AreEqual(data[offset + i], buffer[i], $"byte {offset + i}");
                        got += buffer[i];
                    }

                    offset += n;
                }

                return got;
            }

            var reading = Coro.Spawn(ReadAll());
            for (var offset = 0; offset < Size; offset += Chunk)
            {
                writer.Write(data.AsMemory(offset, Chunk));
                maxBuffered = Math.Max(maxBuffered, writer.WriteBufferSize);
                await writer.Drain();
            }

            var echoed = await reading;
            writer.Close();
            await writer.WaitClosed();
            server.Close();
            await server.WaitClosed();
            return (sum, echoed, maxBuffered);
        }

        var foreign = TlsChannel.ForeignCompletions;
        var (sent, received, max) = Run(loop, Main());
        Assert.AreEqual(sent, received);
        Assert.AreEqual(foreign, TlsChannel.ForeignCompletions, "SslStream completed everything on the loop thread: nothing was re-posted from another thread");
        Assert.IsTrue(max <= 64 * 1024 + Chunk, $"the send buffer stays within the high-water mark plus one write (max {max})");
    }

    [TestMethod]
    public void ACancelledReadLosesNothingAndTheStreamStaysUsable()
    {
        using var loop = RealLoop();
        async Coro<string> Main()
        {
            var go = new AsyncEvent();
            var server = await Streams.StartServer(
                async (r, w) =>
                {
                    w.Write(Bytes("par"));
                    await w.Drain();
                    await go.Wait();
                    w.Write(Bytes("tial\nnext\n"));
                    await w.Drain();
                    await r.Read();
                },
                "127.0.0.1",
                0,
                ssl: ServerOptions());
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server), ssl: TrustingClient(), serverHostname: "localhost");
            var pending = Coro.Spawn(reader.ReadLine());
            await Coro.Sleep(0.05);
            pending.Cancel();
            try
            {
                await pending;
                throw new AssertFailedException("the read must be cancelled");
            }
            catch (CancelledError)
            {
            }

            go.Set();
            var line = Text(await reader.ReadLine()) + Text(await reader.ReadLine());
            writer.Close();
            await writer.WaitClosed();
            server.Close();
            await server.WaitClosed();
            return line;
        }

        Assert.AreEqual("partial\nnext\n", Run(loop, Main()));
    }

    [TestMethod]
    public void CancellingTheHandshakeLeavesNoRegistration()
    {
        using var loop = RealLoop();
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen();
        var port = ((IPEndPoint)silent.LocalEndPoint!).Port;
        async Coro<(bool, int, int)> Main()
        {
            await Settle();
            var before = loop.RegisteredDescriptors;
            var connecting = Coro.Spawn(Streams.OpenConnection("127.0.0.1", port, ssl: TrustingClient(), serverHostname: "localhost"));
            await Coro.Sleep(0.1);
            var during = loop.RegisteredDescriptors;
            connecting.Cancel();
            var cancelled = false;
            try
            {
                await connecting;
            }
            catch (CancelledError)
            {
                cancelled = true;
            }

            await Settle();
            return (cancelled, during - before, loop.RegisteredDescriptors - before);
        }

        Assert.AreEqual((true, 1, 0), Run(loop, Main()));
    }

    [TestMethod]
    public void HandshakeTimeoutClosesTheConnection()
    {
        using var loop = RealLoop();
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen();
        var port = ((IPEndPoint)silent.LocalEndPoint!).Port;
        async Coro<(string, int, double)> Main()
        {
            await Settle();
            var before = loop.RegisteredDescriptors;
            var start = loop.Time;
            string message;
            try
            {
                await loop.CreateConnection(() => new Collector(), "127.0.0.1", port, ssl: TrustingClient(), serverHostname: "localhost", sslHandshakeTimeout: TimeSpan.FromMilliseconds(200));
                message = "connected";
            }
            catch (TimeoutException e)
            {
                message = e.Message;
            }

            var elapsed = loop.Time - start;
            await Settle();
            return (message, loop.RegisteredDescriptors - before, elapsed);
        }

        var (message, leaked, elapsed) = Run(loop, Main());
        StringAssert.Contains(message, "handshake");
        Assert.AreEqual(0, leaked);
        Assert.IsTrue(elapsed is >= 0.15 and < 5, $"elapsed {elapsed}");
    }

    /// <summary>
    /// Steady-state TLS echo of 64-byte messages (both ends on this thread): the GC delta per
    /// message, on the streams path. SslStream's async methods use pooled builders and the socket
    /// stream's pending operations are reusable sources, so this stays near 0 (measured 0 B).
    /// </summary>
    [TestMethod]
    public void SteadyStateTlsEchoAllocationsPerMessage()
    {
        const int Warmup = 2_000;
        const int Measured = 10_000;
        using var loop = RealLoop();
        async Coro<double> Main()
        {
            var server = await Streams.StartServer(
                async (r, w) =>
                {
                    var buffer = new byte[64];
                    while (true)
                    {
                        try
                        {
                            await r.ReadExactly(buffer.AsMemory());
                        }
                        catch (IncompleteReadError)
                        {
                            return;
                        }

                        w.Write(buffer);
                        await w.Drain();
                    }
                },
                "127.0.0.1",
                0,
                ssl: ServerOptions());
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server), ssl: TrustingClient(), serverHostname: "localhost");
            var message = new byte[64];
            var reply = new byte[64];
            long before = 0;
            for (var i = 0; i < Warmup + Measured; i++)
            {
                if (i == Warmup)
                {
                    before = GC.GetAllocatedBytesForCurrentThread();
                }

                message[0] = (byte)i;
                writer.Write(message);
                await writer.Drain();
                await reader.ReadExactly(reply.AsMemory());
                Assert.AreEqual(message[0], reply[0]);
            }

            var perMessage = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / Measured;
            writer.Close();
            await writer.WaitClosed();
            server.Close();
            await server.WaitClosed();
            return perMessage;
        }

        var bytes = Run(loop, Main());
        Console.WriteLine($"TLS streams echo: {bytes:0.##} B allocated per 64-byte message (both ends)");
        Assert.IsTrue(bytes < 8, $"TLS echo allocates {bytes:0.##} B per message");
    }

    [TestMethod]
    public void TlsArgumentsWithoutSslAreRejected()
    {
        using var loop = RealLoop();
        async Coro<int> Main()
        {
            var errors = 0;
            try
            {
                await Streams.OpenConnection("127.0.0.1", 1, serverHostname: "localhost");
            }
            catch (ArgumentException)
            {
                errors++;
            }

            try
            {
                await loop.CreateConnection(() => new Collector(), "127.0.0.1", 1, sslHandshakeTimeout: TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException)
            {
                errors++;
            }

            return errors;
        }

        Assert.AreEqual(2, Run(loop, Main()));
    }
}
