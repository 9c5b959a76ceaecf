using System.Net;
using System.Net.Sockets;
using CoroGen.Loop;

namespace CoroGen.Tests.Reactor;

/// <summary>
/// Persistent, edge-triggered registrations (Runtime/Reactor/FdRegistration.cs): a socket is added
/// to epoll once; waits store the task and make no <c>epoll_ctl</c>; level-triggered callbacks and
/// waiting tasks share a descriptor; cancellation, misuse, and a closed-and-reused descriptor number.
/// </summary>
[TestClass]
public sealed class FdRegistrationTests
{
    private static EventLoop RealLoop() => new(new EventLoopOptions { ErrorWriter = TextWriter.Null });

    private static Socket NewClient() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };

    private static async Coro<(Socket Client, Socket Server)> Pair(EventLoop loop)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4);
        listener.Blocking = false;
        var client = NewClient();
        await loop.SockConnect(client, listener.LocalEndPoint!);
        var server = await loop.SockAccept(listener);
        loop.Unregister(loop.Registration(listener));
        return (client, server);
    }

    [TestMethod]
    public void ASocketIsRegisteredOnceAndItsWaitsMakeNoEpollCtl()
    {
        using var loop = RealLoop();
        async Coro<(long Ctl, int Registered)> Main()
        {
            var (client, server) = await Pair(loop);
            using (client)
            using (server)
            {
                // The first wait registers the socket: one epoll_ctl ADD.
                var buffer = new byte[8];
                var first = Coro.Spawn(loop.SockRecv(server, buffer));
                await Coro.Sleep(0);
                await loop.SockSendAll(client, new byte[] { 1 });
                await first;
                var before = loop.ReactorControlCalls;
                for (var i = 0; i < 200; i++)
                {
                    var receive = Coro.Spawn(loop.SockRecv(server, buffer));
                    await Coro.Sleep(0);
                    await loop.SockSendAll(client, new byte[] { (byte)i });
                    Assert.AreEqual(1, await receive);
                    Assert.AreEqual((byte)i, buffer[0]);
                }

                return (loop.ReactorControlCalls - before, loop.RegisteredDescriptors);
            }
        }

        var (ctl, registered) = loop.RunUntilComplete(Main());
        Assert.AreEqual(0L, ctl, $"200 waits for readability made no epoll_ctl: {ctl}, registered {registered}");
        Assert.AreEqual(2, registered, "the two connected sockets stay registered");
    }

    [TestMethod]
    public void ACancelledWaitLeavesTheSocketUsableAndASecondWaiterIsAClearError()
    {
        using var loop = RealLoop();
        async Coro<(string Error, int Received)> Main()
        {
            var (client, server) = await Pair(loop);
            using (client)
            using (server)
            {
                var first = Coro.Spawn(loop.SockRecv(server, new byte[4]));
                await Coro.Sleep(0);
                var second = Coro.Spawn(loop.SockRecv(server, new byte[4]));
                var error = "";
                try
                {
                    await second;
                }
                catch (InvalidOperationException e)
                {
                    error = e.Message;
                }

                first.Cancel();
                try
                {
                    await first;
                    throw new AssertFailedException("the wait must be cancelled");
                }
                catch (CancelledError)
                {
                }

                var again = Coro.Spawn(loop.SockRecv(server, new byte[4]));
                await Coro.Sleep(0);
                await loop.SockSendAll(client, new byte[] { 1, 2, 3 });
                return (error, await again);
            }
        }

        var (error, received) = loop.RunUntilComplete(Main());
        StringAssert.Contains(error, "Another task is already waiting to read");
        StringAssert.Contains(error, "serialize the reads");
        Assert.AreEqual(3, received);
    }

    [TestMethod]
    public void ALevelTriggeredCallbackAndAWaitingTaskShareADescriptor()
    {
        using var loop = RealLoop();
        async Coro<(int Writes, int Received, long CtlAfterRemoval)> Main()
        {
            var (client, server) = await Pair(loop);
            using (client)
            using (server)
            {
                var fd = (int)server.Handle;
                var writes = 0;
                loop.AddWriter(fd, () => writes++);
                var receive = Coro.Spawn(loop.SockRecv(server, new byte[16]));
                await Coro.Sleep(0.02);
                Assert.IsGreaterThan(1, writes, "level-triggered: the writer runs on every poll while writable");
                await loop.SockSendAll(client, new byte[] { 1, 2, 3, 4, 5 });
                var received = await receive;
                Assert.IsTrue(loop.RemoveWriter(fd));
                var count = writes;
                await Coro.Sleep(0.01);
                Assert.AreEqual(count, writes, "a removed callback does not run");

                // Back to edge-triggered: further waits make no epoll_ctl.
                var before = loop.ReactorControlCalls;
                var next = Coro.Spawn(loop.SockRecv(server, new byte[16]));
                await Coro.Sleep(0);
                await loop.SockSendAll(client, new byte[] { 9 });
                Assert.AreEqual(1, await next);
                return (writes, received, loop.ReactorControlCalls - before);
            }
        }

        var (writes, received, ctl) = loop.RunUntilComplete(Main());
        Assert.IsGreaterThan(1, writes);
        Assert.AreEqual(5, received);
        Assert.AreEqual(0L, ctl);
    }

    [TestMethod]
    public void ACallbackAndAStreamCannotShareADescriptor()
    {
        using var loop = RealLoop();
        async Coro<string> Main()
        {
            var (client, server) = await Pair(loop);
            using (client)
            {
                loop.AddReader((int)server.Handle, () => { });
                var error = "";
                try
                {
                    CoroGen.Net.Streams.FromSocket(server);
                }
                catch (InvalidOperationException e)
                {
                    error = e.Message;
                }

                Assert.IsTrue(loop.RemoveReader((int)server.Handle));
                var (_, writer) = CoroGen.Net.Streams.FromSocket(server);
                writer.Close();
                await writer.WaitClosed();
                return error;
            }
        }

        StringAssert.Contains(loop.RunUntilComplete(Main()), "remove it (RemoveReader/RemoveWriter)");
    }

    [TestMethod]
    public void ADescriptorClosedWithoutUnregisteringAndReusedIsWatchedAgain()
    {
        using var loop = RealLoop();
        async Coro<int> Main()
        {
            var (oldClient, oldServer) = await Pair(loop);
            var oldFd = (int)oldServer.Handle;

            // Register the server side through a wait, then close it behind the loop's back while
            // a task still waits on it.
            var waiting = Coro.Spawn(loop.SockRecv(oldServer, new byte[1]));
            await Coro.Sleep(0);
            oldServer.Dispose();
            oldClient.Dispose();
            var (client, server) = await Pair(loop);
            using (client)
            using (server)
            {
                if ((int)server.Handle != oldFd && (int)client.Handle != oldFd)
                {
                    Assert.Inconclusive($"descriptor {oldFd} was not reused");
                }

                var reused = (int)server.Handle == oldFd ? server : client;
                var peer = ReferenceEquals(reused, server) ? client : server;
                async Coro SendLater()
                {
                    await Coro.Sleep(0.01);
                    await loop.SockSendAll(peer, new byte[] { 7, 7 });
                }

                var sender = Coro.Spawn(SendLater());
                var received = await Coro.WaitFor(loop.SockRecv(reused, new byte[4]), TimeSpan.FromSeconds(10));
                await sender;
                try
                {
                    await waiting;
                    throw new AssertFailedException("the task waiting on the closed socket must fail");
                }
                catch (ObjectDisposedException)
                {
                }

                return received;
            }
        }

        Assert.AreEqual(2, loop.RunUntilComplete(Main()));
    }
}
