using System.Net.Sockets;
using CoroGen.Loop;

namespace CoroGen.Tests.Loop;

/// <summary>
/// The run loop's I/O polling rule (PERFORMANCE.md, DESIGN.md §4): with a reactor, the kernel is
/// polled when the ready queue drains or every <see cref="EventLoop.IoPollInterval"/> callbacks,
/// so a task that yields forever neither starves a reader nor costs an <c>epoll_wait</c> per hop.
/// Bounds are counted in loop iterations, never in time.
/// </summary>
[TestClass]
public sealed class IoFairnessTests
{
    private const int GiveUpAfter = 1_000_000;

    private static EventLoop RealLoop() => new(new EventLoopOptions { ErrorWriter = TextWriter.Null });

    private static string SocketPath() => Path.Combine(Path.GetTempPath(), $"corogen-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");

    /// <summary>A connected Unix stream pair: a send on one end is in the other's queue (and epoll's ready list) before it returns.</summary>
    private static async Coro<(Socket Client, Socket Server)> Pair(EventLoop loop, string path)
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        listener.Blocking = false;
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
        await loop.SockConnect(client, new UnixDomainSocketEndPoint(path));
        var server = await loop.SockAccept(listener);
        return (client, server);
    }

    [TestMethod]
    public void ABusyTaskYieldingForeverDoesNotStarveASocketReader()
    {
        using var loop = RealLoop();
        var path = SocketPath();

        async Coro<(int Iterations, int Received)> Main()
        {
            var (client, server) = await Pair(loop, path);
            using (client)
            using (server)
            {
                var buffer = new byte[16];
                var reader = Coro.Spawn(loop.SockRecv(server, buffer));

                // Let the reader run: it finds nothing and waits on the socket's registration.
                await Coro.Sleep(0);
                Assert.IsFalse(reader.Done, "the reader must be waiting before the data is sent");

                client.Send("x"u8);

                // From here this task is the busy one: the ready queue never drains.
                var iterations = 0;
                while (!reader.Done && iterations < GiveUpAfter)
                {
                    await Coro.Sleep(0);
                    iterations++;
                }

                return (iterations, reader.Done ? await reader : -1);
            }
        }

        try
        {
            var (iterations, received) = loop.RunUntilComplete(Main());
            Assert.AreEqual(1, received, $"the reader never got its byte: starved for {iterations:N0} iterations of the busy task");

            // Polled at most IoPollInterval callbacks after the send; the woken reader runs in the
            // next batch and the busy task sees it done on the iteration after.
            Assert.IsLessThanOrEqualTo(EventLoop.IoPollInterval + 2, iterations, $"the reader waited {iterations} iterations of the busy task");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ABusyLoopPollsTheKernelOncePerIntervalNotOncePerHop()
    {
        const int Hops = 10_000;
        using var loop = RealLoop();
        var path = SocketPath();

        async Coro<long> Main()
        {
            // A descriptor waiting in the reactor, as in any server, so the reactor exists.
            var (client, server) = await Pair(loop, path);
            using (client)
            using (server)
            {
                var reader = Coro.Spawn(loop.SockRecv(server, new byte[16]));
                await Coro.Sleep(0);
                var before = loop.ReactorPolls;
                for (var i = 0; i < Hops; i++)
                {
                    await Coro.Sleep(0);
                }

                var polls = loop.ReactorPolls - before;
                client.Shutdown(SocketShutdown.Send);
                Assert.AreEqual(0, await reader);
                return polls;
            }
        }

        try
        {
            var polls = loop.RunUntilComplete(Main());
            Assert.IsLessThanOrEqualTo((Hops / EventLoop.IoPollInterval) + 2, polls, $"{polls:N0} epoll_wait calls for {Hops:N0} Sleep(0) hops");
            Assert.IsGreaterThanOrEqualTo(Hops / EventLoop.IoPollInterval / 2, polls, $"only {polls:N0} polls for {Hops:N0} hops: I/O would be starved");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
