using System.Net;
using System.Net.Sockets;
using CoroGen.Loop;
using CoroGen.Net;

namespace CoroGen.Tests.Net;

/// <summary>
/// Steady-state echo of 64-byte messages over an established loopback connection allocates
/// nothing per message, on the streams path, the sock_* path and the protocol path. Client and server run on one
/// loop on this thread, so the thread's allocation counter sees both ends (and, on the protocol
/// path, every callback); the measured window
/// starts after a warm-up (pools filled, registrations made, the JIT settled).
/// </summary>
[TestClass]
public sealed class NetAllocationTests
{
    private const int Warmup = 2_000;
    private const int Measured = 10_000;
    private const int MessageSize = 64;

    private static EventLoop RealLoop() => new(new EventLoopOptions { ErrorWriter = TextWriter.Null });

    private static async Coro EchoExactly(AsyncStreamReader reader, AsyncStreamWriter writer)
    {
        var buffer = new byte[MessageSize];
        while (true)
        {
            try
            {
                await reader.ReadExactly(buffer.AsMemory());
            }
            catch (IncompleteReadError)
            {
                return;
            }

            writer.Write(buffer);
            await writer.Drain();
        }
    }

    private static async Coro<(long Bytes, long EpollCtl)> StreamsEcho()
    {
        var loop = EventLoop.GetRunningLoop();
        var server = await Streams.StartServer(EchoExactly, "127.0.0.1", 0);
        var (reader, writer) = await Streams.OpenConnection("127.0.0.1", ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port);
        var message = new byte[MessageSize];
        var reply = new byte[MessageSize];
        long before = 0, ctlBefore = 0;
        for (var i = 0; i < Warmup + Measured; i++)
        {
            if (i == Warmup)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
                ctlBefore = loop.ReactorControlCalls;
            }

            message[0] = (byte)i;
            writer.Write(message);
            await writer.Drain();
            await reader.ReadExactly(reply.AsMemory());
            if (reply[0] != (byte)i)
            {
                throw new AssertFailedException($"message {i} came back as {reply[0]}");
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var ctl = loop.ReactorControlCalls - ctlBefore;
        writer.Close();
        await writer.WaitClosed();
        server.Close();
        await server.WaitClosed();
        return (allocated, ctl);
    }

    private static async Coro SockEchoServer(EventLoop loop, Socket connection)
    {
        var buffer = new byte[MessageSize];
        while (true)
        {
            var received = await loop.SockRecv(connection, buffer);
            if (received == 0)
            {
                return;
            }

            await loop.SockSendAll(connection, buffer.AsMemory(0, received));
        }
    }

    private static async Coro<(long Bytes, long EpollCtl)> SockEcho()
    {
        var loop = EventLoop.GetRunningLoop();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        listener.Blocking = false;
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false, NoDelay = true };
        await loop.SockConnect(client, listener.LocalEndPoint!);
        using var connection = await loop.SockAccept(listener);
        connection.NoDelay = true;
        var server = Coro.Spawn(SockEchoServer(loop, connection));
        var message = new byte[MessageSize];
        var reply = new byte[MessageSize];
        long before = 0, ctlBefore = 0;
        for (var i = 0; i < Warmup + Measured; i++)
        {
            if (i == Warmup)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
                ctlBefore = loop.ReactorControlCalls;
            }

            message[0] = (byte)i;
            await loop.SockSendAll(client, message);
            var total = 0;
            while (total < MessageSize)
            {
                total += await loop.SockRecv(client, reply.AsMemory(total));
            }

            if (reply[0] != (byte)i)
            {
                throw new AssertFailedException($"message {i} came back as {reply[0]}");
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var ctl = loop.ReactorControlCalls - ctlBefore;
        client.Shutdown(SocketShutdown.Send);
        await server;
        return (allocated, ctl);
    }

    private sealed class EchoProtocol : Protocol
    {
        private Transport? _transport;

        public override void ConnectionMade(Transport transport) => _transport = transport;

        public override void DataReceived(ReadOnlySpan<byte> data) => _transport!.Write(data);
    }

    /// <summary>Sends a message, waits for its whole echo, sends the next; measures between two counts.</summary>
    private sealed class PingProtocol : Protocol
    {
        private readonly byte[] _message = new byte[MessageSize];
        private Transport? _transport;
        private int _filled;
        private int _sent;
        private long _before;
        private long _ctlBefore;

        public readonly CoroGen.Sync.AsyncEvent Done = new();

        public long Allocated { get; private set; } = -1;

        public long EpollCtl { get; private set; } = -1;

        public override void ConnectionMade(Transport transport)
        {
            _transport = transport;
            Send();
        }

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            _filled += data.Length;
            if (_filled < MessageSize)
            {
                return;
            }

            _filled -= MessageSize;
            if (_sent == Warmup)
            {
                _before = GC.GetAllocatedBytesForCurrentThread();
                _ctlBefore = EventLoop.GetRunningLoop().ReactorControlCalls;
            }

            if (_sent == Warmup + Measured)
            {
                Allocated = GC.GetAllocatedBytesForCurrentThread() - _before;
                EpollCtl = EventLoop.GetRunningLoop().ReactorControlCalls - _ctlBefore;
                Done.Set();
                return;
            }

            Send();
        }

        private void Send()
        {
            _message[0] = (byte)_sent++;
            _transport!.Write(_message);
        }
    }

    private static async Coro<(long Bytes, long EpollCtl)> ProtocolEcho()
    {
        var loop = EventLoop.GetRunningLoop();
        var server = await loop.CreateServer(() => new EchoProtocol(), "127.0.0.1", 0);
        var (transport, ping) = await loop.CreateConnection(() => new PingProtocol(), "127.0.0.1", ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port);
        await ping.Done.Wait();
        transport.Close();
        server.Close();
        server.CloseClients();
        await server.WaitClosed();
        return (ping.Allocated, ping.EpollCtl);
    }

    [TestMethod]
    public void ProtocolEchoOfSixtyFourByteMessagesAllocatesNothingPerMessage()
    {
        var (bytes, ctl) = QuietestOf(static loop => loop.RunUntilComplete(ProtocolEcho()));
        Assert.AreEqual(0L, bytes, $"bytes allocated over {Measured:N0} protocol round trips: {bytes}");
        Assert.AreEqual(0L, ctl, $"epoll_ctl calls over the measured round trips: {ctl}");
    }

    [TestMethod]
    public void StreamsEchoOfSixtyFourByteMessagesAllocatesNothingPerMessage()
    {
        var (bytes, ctl) = QuietestOf(static loop => loop.RunUntilComplete(StreamsEcho()));
        Assert.AreEqual(0L, bytes, $"bytes allocated over {Measured:N0} streams round trips: {bytes}");
        Assert.AreEqual(0L, ctl, $"epoll_ctl calls over the measured round trips: {ctl}");
    }

    [TestMethod]
    public void SockEchoOfSixtyFourByteMessagesAllocatesNothingPerMessage()
    {
        var (bytes, ctl) = QuietestOf(static loop => loop.RunUntilComplete(SockEcho()));
        Assert.AreEqual(0L, bytes, $"bytes allocated over {Measured:N0} sock_* round trips: {bytes}");
        Assert.AreEqual(0L, ctl, $"epoll_ctl calls over the measured round trips: {ctl}");
    }

    /// <summary>
    /// Runs a measurement again (on a fresh loop and connection) when it saw anything, up to
    /// three times, and returns the quietest: a one-off lazy allocation somewhere in the process
    /// must not fail the test, while anything allocated per message shows up in every attempt.
    /// </summary>
    private static (long Bytes, long Ctl) QuietestOf(Func<EventLoop, (long Bytes, long Ctl)> measure)
    {
        (long Bytes, long Ctl) quietest;
        using (var loop = RealLoop())
        {
            quietest = measure(loop);
        }

        for (var attempt = 1; attempt < 3 && (quietest.Bytes != 0 || quietest.Ctl != 0); attempt++)
        {
            using var loop = RealLoop();
            var result = measure(loop);
            if (result.Bytes + result.Ctl < quietest.Bytes + quietest.Ctl)
            {
                quietest = result;
            }
        }

        return quietest;
    }
}
