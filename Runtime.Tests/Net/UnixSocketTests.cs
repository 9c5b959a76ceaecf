using System.Net.Sockets;
using System.Text;
using CoroGen.Loop;
using CoroGen.Net;
using CoroGen.Sync;

namespace CoroGen.Tests.Net;

/// <summary>Unix stream sockets: transports (CreateUnixServer/CreateUnixConnection) and streams (StartUnixServer/OpenUnixConnection).</summary>
[TestClass]
public sealed class UnixSocketTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static EventLoop RealLoop() => new(new EventLoopOptions { ErrorWriter = TextWriter.Null });

    private static T Run<T>(EventLoop loop, Coro<T> main) => loop.RunUntilComplete(Coro.WaitFor(main, Deadline));

    private static string SocketPath() => Path.Combine(Path.GetTempPath(), $"corogen-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");

    private sealed class Echo : Protocol
    {
        private Transport? _transport;

        public override void ConnectionMade(Transport transport) => _transport = transport;

        public override void DataReceived(ReadOnlySpan<byte> data) => _transport!.Write(data);
    }

    private sealed class Collect : Protocol
    {
        public readonly MemoryStream Received = new();
        public readonly AsyncEvent Lost = new();

        public override void DataReceived(ReadOnlySpan<byte> data) => Received.Write(data);

        public override void ConnectionLost(Exception? exception) => Lost.Set();
    }

    [TestMethod]
    public void ProtocolsEchoOverAUnixSocketAndClosingRemovesTheFile()
    {
        using var loop = RealLoop();
        var path = SocketPath();
        async Coro<(string Echoed, bool FileWhileServing, bool FileAfterClose)> Main()
        {
            var server = await loop.CreateUnixServer(() => new Echo(), path);
            var whileServing = File.Exists(path);
            var (transport, client) = await loop.CreateUnixConnection(() => new Collect(), path);
            transport.Write(Encoding.ASCII.GetBytes("over unix"));
            while (client.Received.Length < 9)
            {
                await Coro.Sleep(0.001);
            }

            transport.Close();
            await client.Lost.Wait();
            server.Close();
            await server.WaitClosed();
            return (Encoding.ASCII.GetString(client.Received.ToArray()), whileServing, File.Exists(path));
        }

        var (echoed, whileServing, afterClose) = Run(loop, Main());
        Assert.AreEqual("over unix", echoed);
        Assert.IsTrue(whileServing);
        Assert.IsFalse(afterClose);
    }

    [TestMethod]
    public void StreamsEchoOverAUnixSocketAndAStaleSocketFileIsReplaced()
    {
        using var loop = RealLoop();
        var path = SocketPath();

        // A stale socket file: bound, nobody listening. (.NET deletes the file when the socket is
        // disposed, so it stays open until the end; by then the server removed its own file.)
        using var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        stale.Bind(new UnixDomainSocketEndPoint(path));
        Assert.IsTrue(File.Exists(path));

        async Coro<string> Main()
        {
            var server = await Streams.StartUnixServer(
                async (r, w) =>
                {
                    var line = await r.ReadLine();
                    w.Write(line);
                    await w.Drain();
                },
                path);
            var (reader, writer) = await Streams.OpenUnixConnection(path);
            writer.Write(Encoding.ASCII.GetBytes("line\n"));
            var echoed = Encoding.ASCII.GetString(await reader.ReadLine());
            writer.Close();
            await writer.WaitClosed();
            server.Close();
            await server.WaitClosed();
            return echoed;
        }

        Assert.AreEqual("line\n", Run(loop, Main()));
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    public void ConnectingWhereNobodyListensFails()
    {
        using var loop = RealLoop();
        var error = Assert.ThrowsExactly<SocketException>(() => Run(loop, loop.CreateUnixConnection(() => new Collect(), SocketPath())));
        Assert.IsTrue(error.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.ConnectionRefused, $"got {error.SocketErrorCode}");
    }
}
