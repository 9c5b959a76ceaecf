using System.Net;
using System.Net.Sockets;
using System.Text;
using CoroGen.Loop;
using CoroGen.Net;
using CoroGen.Sync;

namespace CoroGen.Tests.Net;

/// <summary>The protocol <see cref="Server"/> (asyncio's <c>Server</c>) over real loopback TCP sockets.</summary>
[TestClass]
public sealed class ServerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static EventLoop RealLoop() => new(new EventLoopOptions { ErrorWriter = TextWriter.Null });

    private static T Run<T>(EventLoop loop, Coro<T> main) => loop.RunUntilComplete(Coro.WaitFor(main, Deadline));

    private static int Port(Server server) => ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;

    private sealed class EchoProtocol : Protocol
    {
        private Transport? _transport;

        public override void ConnectionMade(Transport transport) => _transport = transport;

        public override void DataReceived(ReadOnlySpan<byte> data) => _transport!.Write(data);
    }

    /// <summary>Sends numbered fixed-size messages one at a time and checks each echo before the next.</summary>
    private sealed class PingClient(int id, int messages, Action<PingClient> done) : Protocol
    {
        private const int Size = 25;
        private readonly byte[] _expected = new byte[Size];
        private readonly byte[] _received = new byte[Size];
        private int _filled;
        private Transport? _transport;

        public int Good { get; private set; }

        public int Sent { get; private set; }

        public Exception? Error { get; private set; }

        public override void ConnectionMade(Transport transport)
        {
            _transport = transport;
            SendNext();
        }

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            while (!data.IsEmpty)
            {
                var take = Math.Min(data.Length, Size - _filled);
                data[..take].CopyTo(_received.AsSpan(_filled));
                _filled += take;
                data = data[take..];
                if (_filled == Size)
                {
                    _filled = 0;
                    if (_received.AsSpan().SequenceEqual(_expected))
                    {
                        Good++;
                    }

                    if (Sent < messages)
                    {
                        SendNext();
                    }
                    else
                    {
                        _transport!.Close();
                    }
                }
            }
        }

        public override void ConnectionLost(Exception? exception)
        {
            Error = exception;
            done(this);
        }

        private void SendNext()
        {
            Encoding.ASCII.GetBytes($"conn {id,6} msg {Sent,8}\n").CopyTo(_expected, 0);
            Sent++;
            _transport!.Write(_expected);
        }
    }

    [TestMethod]
    public void AThousandConnectionsEachEchoAHundredMessagesWithNothingLost()
    {
        const int Connections = 1000;
        const int Messages = 100;
        var (soft, _) = FileDescriptorLimit();
        if (soft < 2 * Connections + 100)
        {
            Assert.Inconclusive($"The open-file limit ({soft}) is below the {2 * Connections + 100} descriptors this test needs (both ends of 1,000 connections); raise it with `ulimit -n`.");
        }

        using var loop = RealLoop();
        async Coro<(int Good, int Finished, int Errors)> Main()
        {
            var server = await loop.CreateServer(() => new EchoProtocol(), "127.0.0.1", 0, backlog: 1024);
            var finished = 0;
            var errors = 0;
            var good = 0;
            Exception? firstError = null;
            var all = new AsyncEvent();
            void Done(PingClient client)
            {
                finished++;
                good += client.Good;
                if (client.Error is not null)
                {
                    errors++;
                    firstError ??= client.Error;
                }

                if (finished == Connections)
                {
                    all.Set();
                }
            }

            var port = Port(server);
            for (var i = 0; i < Connections; i++)
            {
                var id = i;
                await loop.CreateConnection(() => new PingClient(id, Messages, Done), "127.0.0.1", port);
            }

            await all.Wait();
            server.Close();
            await server.WaitClosed();
            Assert.AreEqual(0, server.ActiveConnections);
            Assert.IsNull(firstError, $"{errors} connections failed, the first with {firstError}");
            return (good, finished, errors);
        }

        var (good, finished, errors) = Run(loop, Main());
        Assert.AreEqual(Connections, finished);
        Assert.AreEqual(0, errors);
        Assert.AreEqual(Connections * Messages, good);
    }

    [TestMethod]
    public void StartServingCloseWaitClosedAndServeForeverFollowAsyncio()
    {
        using var loop = RealLoop();
        async Coro<bool> Main()
        {
            var server = await loop.CreateServer(() => new EchoProtocol(), "127.0.0.1", 0, startServing: false);
            Assert.IsFalse(server.IsServing);
            Assert.HasCount(1, server.Sockets);
            server.StartServing();
            server.StartServing();
            Assert.IsTrue(server.IsServing);

            var forever = Coro.Spawn(server.ServeForever());
            await Coro.Sleep(0);
            var twice = Coro.Spawn(server.ServeForever());
            try
            {
                await twice;
                throw new AssertFailedException("a second ServeForever must fail");
            }
            catch (InvalidOperationException e)
            {
                StringAssert.Contains(e.Message, "one ServeForever per server");
            }

            // A connection outlives Close; WaitClosed waits for it.
            var (transport, _) = await loop.CreateConnection(() => new EchoProtocol(), "127.0.0.1", Port(server));
            while (server.ActiveConnections == 0)
            {
                await Coro.Sleep(0.001);
            }

            server.Close();
            Assert.IsFalse(server.IsServing);
            Assert.HasCount(0, server.Sockets);
            var closed = Coro.Spawn(server.WaitClosed());
            await Coro.Sleep(0.01);
            Assert.IsFalse(closed.Done, "a connection is still open");
            Assert.IsFalse(forever.Done, "ServeForever also waits for the open connection, as asyncio's does");
            transport.Close();
            await closed;
            var cancelled = false;
            try
            {
                await forever;
            }
            catch (CancelledError)
            {
                cancelled = true;
            }

            Assert.IsTrue(cancelled, "Close ends ServeForever with CancelledError");
            Assert.ThrowsExactly<InvalidOperationException>(server.StartServing);
            return true;
        }

        Assert.IsTrue(Run(loop, Main()));
    }

    [TestMethod]
    public void CancellingServeForeverClosesTheServer()
    {
        using var loop = RealLoop();
        async Coro<bool> Main()
        {
            var server = await loop.CreateServer(() => new EchoProtocol(), "127.0.0.1", 0);
            var forever = Coro.Spawn(server.ServeForever());
            await Coro.Sleep(0);
            forever.Cancel();
            try
            {
                await forever;
            }
            catch (CancelledError)
            {
            }

            return server.IsServing;
        }

        Assert.IsFalse(Run(loop, Main()));
    }

    private static (long Soft, long Hard) FileDescriptorLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var parts = line[14..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts[1] == "unlimited" ? long.MaxValue : long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        catch (IOException)
        {
        }

        return (long.MaxValue, long.MaxValue);
    }
}
