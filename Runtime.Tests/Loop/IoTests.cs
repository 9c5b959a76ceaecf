using System.Net;
using System.Net.Sockets;
using CoroGen.Loop;

namespace CoroGen.Tests.Loop;

/// <summary>The epoll reactor and the socket coroutines, against real loopback sockets.</summary>
[TestClass]
public sealed class IoTests
{
    private static EventLoop RealLoop() => new(new EventLoopOptions { ErrorWriter = TextWriter.Null });

    private static (Socket Listener, IPEndPoint EndPoint) Listen()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        listener.Blocking = false;
        return (listener, (IPEndPoint)listener.LocalEndPoint!);
    }

    private static Socket NewClient() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };

    [TestMethod]
    public void SocketsConnectAcceptAndCarryAMegabyteBothWays()
    {
        using var loop = RealLoop();
        var (listener, endPoint) = Listen();
        using (listener)
        {
            var payload = new byte[1 << 20];
            new Random(7).NextBytes(payload);

            async Coro<byte[]> Server()
            {
                using var connection = await loop.SockAccept(listener);
                var received = new MemoryStream();
                var buffer = new byte[16 * 1024];
                while (received.Length < payload.Length)
                {
                    var n = await loop.SockRecv(connection, buffer);
                    Assert.AreNotEqual(0, n, "the client closed early");
                    received.Write(buffer, 0, n);
                }

                await loop.SockSendAll(connection, received.ToArray());
                return received.ToArray();
            }

            async Coro<byte[]> Client()
            {
                using var client = NewClient();
                await loop.SockConnect(client, endPoint);
                await loop.SockSendAll(client, payload);
                var echoed = new byte[payload.Length];
                var total = 0;
                while (total < echoed.Length)
                {
                    total += await loop.SockRecv(client, echoed.AsMemory(total));
                }

                return echoed;
            }

            async Coro<(byte[], byte[])> Main()
            {
                var server = Coro.Spawn(Server());
                var echoed = await Client();
                return (await server, echoed);
            }

            var (atServer, atClient) = loop.RunUntilComplete(Main());
            CollectionAssert.AreEqual(payload, atServer);
            CollectionAssert.AreEqual(payload, atClient);
        }
    }

    [TestMethod]
    public void ARecvReturnsZeroWhenThePeerCloses()
    {
        using var loop = RealLoop();
        var (listener, endPoint) = Listen();
        using (listener)
        {
            async Coro<int> Main()
            {
                var client = NewClient();
                await loop.SockConnect(client, endPoint);
                using var server = await loop.SockAccept(listener);
                client.Shutdown(SocketShutdown.Both);
                client.Dispose();
                return await loop.SockRecv(server, new byte[64]);
            }

            Assert.AreEqual(0, loop.RunUntilComplete(Main()));
        }
    }

    [TestMethod]
    public void ReadersAndWritersAreCalledWhileReadyAndCanBeRemoved()
    {
        using var loop = RealLoop();
        var (listener, endPoint) = Listen();
        using (listener)
        {
            async Coro<(int Reads, int Writes, bool Removed, bool RemovedAgain)> Main()
            {
                using var client = NewClient();
                await loop.SockConnect(client, endPoint);
                using var server = await loop.SockAccept(listener);
                var fd = (int)server.Handle;
                var reads = 0;
                var writes = 0;
                loop.AddReader(fd, () => reads++);
                loop.AddWriter(fd, () => writes++);
                client.Send(new byte[] { 1, 2, 3 });
                await Coro.Sleep(0.05);
                var removed = loop.RemoveReader(fd) && loop.RemoveWriter(fd);
                var removedAgain = loop.RemoveReader(fd);
                var (r, w) = (reads, writes);
                await Coro.Sleep(0.02);
                Assert.AreEqual((r, w), (reads, writes), "removed callbacks do not run");
                return (reads, writes, removed, removedAgain);
            }

            var (reads, writes, removed, removedAgain) = loop.RunUntilComplete(Main());
            Assert.IsGreaterThanOrEqualTo(1, reads, "level-triggered: called while data is unread");
            Assert.IsGreaterThanOrEqualTo(1, writes);
            Assert.IsTrue(removed);
            Assert.IsFalse(removedAgain);
        }
    }

    [TestMethod]
    public void CancellingAWaitingRecvRaisesAndRemovesTheRegistration()
    {
        using var loop = RealLoop();
        var (listener, endPoint) = Listen();
        using (listener)
        {
            async Coro<bool> Main()
            {
                using var client = NewClient();
                await loop.SockConnect(client, endPoint);
                using var server = await loop.SockAccept(listener);
                var receive = Coro.Spawn(loop.SockRecv(server, new byte[16]));
                await Coro.Sleep(0.01);
                receive.Cancel();
                try
                {
                    await receive;
                    Assert.Fail("the receive must be cancelled");
                }
                catch (CancelledError)
                {
                }

                return loop.RemoveReader((int)server.Handle);
            }

            Assert.IsFalse(loop.RunUntilComplete(Main()), "the cancelled wait left no reader behind");
        }
    }

    [TestMethod]
    public void AThreadSafeCallWakesALoopBlockedInTheReactor()
    {
        using var loop = RealLoop();
        var (listener, _) = Listen();
        using (listener)
        {
            loop.AddReader((int)listener.Handle, () => { });
            var started = new ManualResetEventSlim();
            loop.CallSoon(started.Set);
            var poster = new Thread(() =>
            {
                started.Wait();
                Thread.Sleep(50);
                loop.CallSoonThreadSafe(loop.Stop);
            });
            poster.Start();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            loop.RunForever();
            poster.Join();
            Assert.IsLessThan(TimeSpan.FromSeconds(30), watch.Elapsed);
            Assert.IsTrue(loop.RemoveReader((int)listener.Handle));
        }
    }

    [TestMethod]
    public void MisuseAndFailuresAreClearErrors()
    {
        using var loop = RealLoop();
        async Coro Blocking()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await loop.SockRecv(socket, new byte[1]);
        }

        var error = Assert.ThrowsExactly<ArgumentException>(() => loop.RunUntilComplete(Blocking()));
        StringAssert.Contains(error.Message, "non-blocking");

        var (listener, endPoint) = Listen();
        listener.Dispose();
        async Coro Refused()
        {
            using var client = NewClient();
            await loop.SockConnect(client, endPoint);
        }

        var refused = Assert.ThrowsExactly<SocketException>(() => loop.RunUntilComplete(Refused()));
        Assert.AreEqual(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [TestMethod]
    public void ADescriptorNumberReusedAfterCloseCanBeRegisteredAgain()
    {
        using var loop = RealLoop();
        var first = NewClient();
        var fd = (int)first.Handle;
        loop.AddReader(fd, () => { });
        first.Dispose();
        using var second = NewClient();
        Assert.AreEqual(fd, (int)second.Handle, "the kernel hands out the lowest free number, so the test reuses it");
        loop.AddWriter(fd, () => { });
        loop.AddReader(fd, () => { });
        Assert.IsTrue(loop.RemoveReader(fd));
        Assert.IsTrue(loop.RemoveWriter(fd));
    }
}
