using System.Net;
using System.Net.Sockets;
using System.Text;
using CoroGen.Loop;
using CoroGen.Net;
using CoroGen.Sync;

namespace CoroGen.Tests.Net;

/// <summary>Stream transports and protocols (asyncio-protocol.rst) over real loopback TCP sockets.</summary>
[TestClass]
public sealed class TransportTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static EventLoop RealLoop() => new(new EventLoopOptions { ErrorWriter = TextWriter.Null });

    private static T Run<T>(EventLoop loop, Coro<T> main) => loop.RunUntilComplete(Coro.WaitFor(main, Deadline));

    private static int Port(Server server) => ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;

    private static byte[] Bytes(string s) => Encoding.ASCII.GetBytes(s);

    /// <summary>Records every callback; optionally echoes, answers EOF, and signals when the connection is lost.</summary>
    private sealed class Recorder : Protocol
    {
        public readonly List<string> Events = [];
        public readonly MemoryStream Received = new();
        public readonly AsyncEvent Lost = new();
        public readonly AsyncEvent GotData = new();
        public Transport? Transport;
        public Exception? LostWith;
        public bool KeepOpenOnEof;
        public byte[]? ReplyOnEof;
        public int Pauses;
        public int Resumes;

        public override void ConnectionMade(Transport transport)
        {
            Transport = transport;
            Events.Add("made");
        }

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            if (Events[^1] != "data")
            {
                Events.Add("data");
            }

            Received.Write(data);
            GotData.Set();
        }

        public override bool EofReceived()
        {
            Events.Add("eof");
            if (ReplyOnEof is { } reply)
            {
                Transport!.Write(reply);
                Transport.Close();
            }

            return KeepOpenOnEof;
        }

        public override void ConnectionLost(Exception? exception)
        {
            Events.Add("lost");
            LostWith = exception;
            Lost.Set();
        }

        public override void PauseWriting() => Pauses++;

        public override void ResumeWriting() => Resumes++;
    }

    [TestMethod]
    public void CallbacksRunInOrderAndAHalfOpenConnectionStillAnswers()
    {
        using var loop = RealLoop();
        var atServer = new Recorder { KeepOpenOnEof = true, ReplyOnEof = Bytes("bye") };
        async Coro<Recorder> Main()
        {
            var server = await loop.CreateServer(() => atServer, "127.0.0.1", 0);
            var (transport, client) = await loop.CreateConnection(() => new Recorder(), "127.0.0.1", Port(server));
            Assert.IsTrue(transport.CanWriteEof);
            Assert.AreEqual(IPAddress.Loopback, ((IPEndPoint)transport.GetExtraInfo("peername")!).Address);
            Assert.IsInstanceOfType<Socket>(transport.GetExtraInfo("socket"));
            Assert.AreEqual("none", transport.GetExtraInfo("nope", "none"));
            transport.Write(Bytes("hello "));
            transport.WriteLines([Bytes("wor"), Bytes("ld")]);
            transport.WriteEof();
            Assert.ThrowsExactly<InvalidOperationException>(() => transport.Write(Bytes("late")));
            await client.Lost.Wait();
            await atServer.Lost.Wait();
            Assert.AreSame(client, transport.Protocol);
            Assert.IsNull(transport.GetExtraInfo("socket"), "no socket once the connection is lost");
            server.Close();
            await server.WaitClosed();
            return client;
        }

        var client = Run(loop, Main());
        CollectionAssert.AreEqual(new[] { "made", "data", "eof", "lost" }, atServer.Events);
        Assert.AreEqual("hello world", Encoding.ASCII.GetString(atServer.Received.ToArray()));
        Assert.IsNull(atServer.LostWith);
        CollectionAssert.AreEqual(new[] { "made", "data", "eof", "lost" }, client.Events);
        Assert.AreEqual("bye", Encoding.ASCII.GetString(client.Received.ToArray()));
        Assert.IsNull(client.LostWith);
    }

    [TestMethod]
    public void ASlowReaderPausesTheWriterAndTheBufferStaysBounded()
    {
        using var loop = RealLoop();
        const int Chunk = 16 * 1024;
        const int Total = 8 * 1024 * 1024;
        var reader = new Recorder();
        async Coro<(int MaxBuffered, int Pauses, int Resumes, long Received)> Main()
        {
            var server = await loop.CreateServer(() => reader, "127.0.0.1", 0);
            var (transport, writer) = await loop.CreateConnection(() => new Recorder(), "127.0.0.1", Port(server));
            while (reader.Transport is null)
            {
                await Coro.Sleep(0.001);
            }

            reader.Transport.PauseReading();
            Assert.IsFalse(reader.Transport.IsReading);
            var chunk = new byte[Chunk];
            var sent = 0;
            var maxBuffered = 0;
            var (high, low) = transport.GetWriteBufferLimits();
            Assert.AreEqual((64 * 1024, 16 * 1024), (high, low));
            while (sent < Total)
            {
                // A well-behaved producer: write only while not paused.
                if (writer.Pauses > writer.Resumes)
                {
                    // Paused with the reader stalled: let it read from now on.
                    reader.Transport.ResumeReading();
                    await Coro.Sleep(0.001);
                    continue;
                }

                transport.Write(chunk);
                sent += Chunk;
                maxBuffered = Math.Max(maxBuffered, transport.GetWriteBufferSize());
            }

            transport.Close();
            await reader.Lost.Wait();
            server.Close();
            await server.WaitClosed();
            return (maxBuffered, writer.Pauses, writer.Resumes, reader.Received.Length);
        }

        var (maxBuffered, pauses, resumes, received) = Run(loop, Main());
        Assert.IsGreaterThanOrEqualTo(1, pauses, "the stalled reader made the writer pause");
        Assert.AreEqual(pauses, resumes, "every pause was followed by a resume");
        Assert.IsLessThanOrEqualTo(64 * 1024 + Chunk, maxBuffered, "a producer that honours PauseWriting never buffers more than high + one write");
        Assert.AreEqual((long)Total, received);
    }

    [TestMethod]
    public void PausedReadingDeliversNothingUntilResumed()
    {
        using var loop = RealLoop();
        var atServer = new Recorder();
        async Coro<(long WhilePaused, long AfterResume)> Main()
        {
            var server = await loop.CreateServer(() => atServer, "127.0.0.1", 0);
            var (transport, _) = await loop.CreateConnection(() => new Recorder(), "127.0.0.1", Port(server));
            while (atServer.Transport is null)
            {
                await Coro.Sleep(0.001);
            }

            atServer.Transport.PauseReading();
            atServer.Transport.PauseReading();
            transport.Write(Bytes("0123456789"));
            await Coro.Sleep(0.05);
            var whilePaused = atServer.Received.Length;
            atServer.Transport.ResumeReading();
            atServer.Transport.ResumeReading();
            await atServer.GotData.Wait();
            transport.Close();
            await atServer.Lost.Wait();
            server.Close();
            return (whilePaused, atServer.Received.Length);
        }

        var (whilePaused, afterResume) = Run(loop, Main());
        Assert.AreEqual(0L, whilePaused);
        Assert.AreEqual(10L, afterResume);
    }

    [TestMethod]
    public void APeerResetMidWriteEndsTheConnectionWithTheError()
    {
        using var loop = RealLoop();
        var atServer = new Recorder();
        async Coro<Exception?> Main()
        {
            var server = await loop.CreateServer(() => atServer, "127.0.0.1", 0);
            var (transport, client) = await loop.CreateConnection(() => new Recorder(), "127.0.0.1", Port(server));
            while (atServer.Transport is null)
            {
                await Coro.Sleep(0.001);
            }

            // Fill the pipe from the server while the client reads nothing, then reset the client.
            client.Transport!.PauseReading();
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 64 && !atServer.Transport.IsClosing; i++)
            {
                atServer.Transport.Write(chunk);
            }

            var socket = (Socket)transport.GetExtraInfo("socket")!;
            socket.LingerState = new LingerOption(true, 0);
            transport.Abort();
            await atServer.Lost.Wait();
            server.Close();
            await server.WaitClosed();
            return atServer.LostWith;
        }

        var error = Run(loop, Main());
        Assert.IsInstanceOfType<SocketException>(error);
        Assert.IsTrue(((SocketException)error!).SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted, $"got {((SocketException)error).SocketErrorCode}");
        CollectionAssert.AreEqual(new[] { "made", "lost" }, atServer.Events);
    }

    [TestMethod]
    public void AbortDropsTheBufferAndReportsACleanLoss()
    {
        using var loop = RealLoop();
        var atServer = new Recorder();
        async Coro<(int Buffered, Exception? Error, bool Closing)> Main()
        {
            var server = await loop.CreateServer(() => atServer, "127.0.0.1", 0);
            var (transport, client) = await loop.CreateConnection(() => new Recorder(), "127.0.0.1", Port(server));
            while (atServer.Transport is null)
            {
                await Coro.Sleep(0.001);
            }

            atServer.Transport.PauseReading();
            var chunk = new byte[256 * 1024];
            for (var i = 0; i < 32 && transport.GetWriteBufferSize() == 0; i++)
            {
                transport.Write(chunk);
            }

            var buffered = transport.GetWriteBufferSize();
            transport.Abort();
            Assert.AreEqual(0, transport.GetWriteBufferSize());
            await client.Lost.Wait();
            server.Close();
            server.AbortClients();
            await server.WaitClosed();
            return (buffered, client.LostWith, transport.IsClosing);
        }

        var (buffered, error, closing) = Run(loop, Main());
        Assert.IsGreaterThan(0, buffered, "the kernel's buffers filled, so the transport buffered");
        Assert.IsNull(error);
        Assert.IsTrue(closing);
    }

    private sealed class IntoOwnMemory : BufferedProtocol
    {
        public readonly byte[] Memory = new byte[1 << 20];
        public int Filled;
        public int Calls;
        public readonly AsyncEvent Lost = new();
        public bool SawEof;

        public override Memory<byte> GetBuffer(int sizeHint)
        {
            Assert.AreEqual(-1, sizeHint);
            return Memory.AsMemory(Filled, Math.Min(4096, Memory.Length - Filled));
        }

        public override void BufferUpdated(int bytesReceived)
        {
            Calls++;
            Filled += bytesReceived;
        }

        public override bool EofReceived()
        {
            SawEof = true;
            return false;
        }

        public override void ConnectionLost(Exception? exception) => Lost.Set();
    }

    [TestMethod]
    public void ABufferedProtocolReceivesStraightIntoItsOwnMemory()
    {
        using var loop = RealLoop();
        var atServer = new IntoOwnMemory();
        var payload = new byte[200_000];
        new Random(3).NextBytes(payload);
        async Coro<int> Main()
        {
            var server = await loop.CreateServer(() => atServer, "127.0.0.1", 0);
            var (transport, _) = await loop.CreateConnection(() => new Recorder(), "127.0.0.1", Port(server));
            transport.Write(payload);
            transport.Close();
            await atServer.Lost.Wait();
            server.Close();
            await server.WaitClosed();
            return atServer.Filled;
        }

        Assert.AreEqual(payload.Length, Run(loop, Main()));
        CollectionAssert.AreEqual(payload, atServer.Memory[..payload.Length]);
        Assert.IsTrue(atServer.SawEof);
        Assert.IsGreaterThanOrEqualTo(payload.Length / 4096, atServer.Calls, "4 KiB at a time");
    }

    private sealed class Throwing : Protocol
    {
        public readonly AsyncEvent Lost = new();
        public Exception? LostWith;

        public override void DataReceived(ReadOnlySpan<byte> data) => throw new FormatException("bad frame");

        public override void ConnectionLost(Exception? exception)
        {
            LostWith = exception;
            Lost.Set();
        }
    }

    [TestMethod]
    public void AProtocolExceptionClosesTheConnectionAndReachesTheExceptionHandler()
    {
        using var loop = RealLoop();
        var reported = new List<ExceptionContext>();
        loop.SetExceptionHandler((_, context) => reported.Add(context));
        var atServer = new Throwing();
        async Coro<Exception?> Main()
        {
            var server = await loop.CreateServer(() => atServer, "127.0.0.1", 0);
            var (transport, client) = await loop.CreateConnection(() => new Recorder(), "127.0.0.1", Port(server));
            transport.Write(Bytes("x"));
            await atServer.Lost.Wait();
            await client.Lost.Wait();
            server.Close();
            await server.WaitClosed();
            return atServer.LostWith;
        }

        var error = Run(loop, Main());
        Assert.IsInstanceOfType<FormatException>(error);
        Assert.HasCount(1, reported);
        StringAssert.Contains(reported[0].Message, "DataReceived");
        Assert.AreSame(error, reported[0].Exception);
    }

    [TestMethod]
    public void TwoServersShareAPortWithReusePort()
    {
        using var loop = RealLoop();
        async Coro<(int First, int Second)> Main()
        {
            var first = await loop.CreateServer(() => new Recorder(), "127.0.0.1", 0, reusePort: true);
            var second = await loop.CreateServer(() => new Recorder(), "127.0.0.1", Port(first), reusePort: true);
            var ports = (Port(first), Port(second));
            first.Close();
            second.Close();
            await first.WaitClosed();
            await second.WaitClosed();
            return ports;
        }

        var (firstPort, secondPort) = Run(loop, Main());
        Assert.AreEqual(firstPort, secondPort);
    }

    [TestMethod]
    public void MisuseIsAClearError()
    {
        using var loop = RealLoop();
        async Coro<bool> Main()
        {
            var server = await loop.CreateServer(() => new Recorder(), "127.0.0.1", 0);
            var (transport, _) = await loop.CreateConnection(() => new Recorder(), "127.0.0.1", Port(server));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => transport.SetWriteBufferLimits(high: 10, low: 20));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => transport.SetWriteBufferLimits(high: -1));
            transport.SetWriteBufferLimits(low: 100);
            Assert.AreEqual((400, 100), transport.GetWriteBufferLimits());
            transport.SetWriteBufferLimits(high: 0);
            Assert.AreEqual((0, 0), transport.GetWriteBufferLimits());
            var socket = (Socket)transport.GetExtraInfo("socket")!;
            var error = Assert.ThrowsExactly<InvalidOperationException>(() => loop.AddReader((int)socket.Handle, () => { }));
            StringAssert.Contains(error.Message, "close the transport");
            transport.Close();
            transport.Close();
            server.Close();
            server.AbortClients();
            await server.WaitClosed();
            return true;
        }

        Assert.IsTrue(Run(loop, Main()));
    }
}
