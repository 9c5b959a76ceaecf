using System.Net;
using System.Net.Sockets;
using System.Text;
using CoroGen.Loop;
using CoroGen.Net;
using CoroGen.Sync;

namespace CoroGen.Tests.Net;

/// <summary>UDP endpoints (asyncio's <c>create_datagram_endpoint</c>) on loopback.</summary>
[TestClass]
public sealed class DatagramTransportTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static EventLoop RealLoop() => new(new EventLoopOptions { ErrorWriter = TextWriter.Null });

    private static T Run<T>(EventLoop loop, Coro<T> main) => loop.RunUntilComplete(Coro.WaitFor(main, Deadline));

    private sealed class EchoServer : DatagramProtocol
    {
        private DatagramTransport? _transport;

        public override void ConnectionMade(DatagramTransport transport) => _transport = transport;

        public override void DatagramReceived(ReadOnlySpan<byte> data, EndPoint from) => _transport!.SendTo(data, from);
    }

    private sealed class Client : DatagramProtocol
    {
        public readonly List<string> Received = [];
        public readonly List<Exception> Errors = [];
        public readonly AsyncEvent Changed = new();
        public readonly AsyncEvent Lost = new();

        public override void DatagramReceived(ReadOnlySpan<byte> data, EndPoint from)
        {
            Received.Add(Encoding.ASCII.GetString(data));
            Changed.Set();
        }

        public override void ErrorReceived(Exception exception)
        {
            Errors.Add(exception);
            Changed.Set();
        }

        public override void ConnectionLost(Exception? exception) => Lost.Set();
    }

    [TestMethod]
    public void DatagramsEchoBetweenABoundAndAConnectedEndpoint()
    {
        using var loop = RealLoop();
        async Coro<List<string>> Main()
        {
            var (server, _) = await loop.CreateDatagramEndpoint(() => new EchoServer(), localAddress: new IPEndPoint(IPAddress.Loopback, 0));
            var serverAddress = (IPEndPoint)server.GetExtraInfo("sockname")!;
            var (transport, client) = await loop.CreateDatagramEndpoint(() => new Client(), remoteAddress: serverAddress);
            Assert.AreEqual(serverAddress, transport.GetExtraInfo("peername"));
            for (var i = 0; i < 10; i++)
            {
                transport.SendTo(Encoding.ASCII.GetBytes($"datagram {i}"));
                while (client.Received.Count <= i)
                {
                    client.Changed.Clear();
                    await client.Changed.Wait();
                }
            }

            Assert.ThrowsExactly<ArgumentException>(() => transport.SendTo([1], new IPEndPoint(IPAddress.Loopback, 1)));
            transport.Close();
            await client.Lost.Wait();
            server.Abort();
            return client.Received;
        }

        CollectionAssert.AreEqual(Enumerable.Range(0, 10).Select(i => $"datagram {i}").ToList(), Run(loop, Main()));
    }

    [TestMethod]
    public void AnUnreachablePortIsReportedToErrorReceivedAndTheEndpointStaysOpen()
    {
        using var loop = RealLoop();
        async Coro<(Exception Error, bool Closing)> Main()
        {
            // A port nobody listens on: bind a socket to get a free one, then close it.
            int port;
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)probe.LocalEndPoint!).Port;
            }

            var (transport, client) = await loop.CreateDatagramEndpoint(() => new Client(), remoteAddress: new IPEndPoint(IPAddress.Loopback, port));
            transport.SendTo([1, 2, 3]);
            while (client.Errors.Count == 0)
            {
                client.Changed.Clear();
                await client.Changed.Wait();
            }

            var closing = transport.IsClosing;
            transport.Close();
            return (client.Errors[0], closing);
        }

        var (error, closing) = Run(loop, Main());
        Assert.AreEqual(SocketError.ConnectionRefused, ((SocketException)error).SocketErrorCode);
        Assert.IsFalse(closing);
    }

    [TestMethod]
    public void AnEndpointNeedsAnAddress()
    {
        using var loop = RealLoop();
        var error = Assert.ThrowsExactly<ArgumentException>(() => Run(loop, loop.CreateDatagramEndpoint(() => new Client())));
        StringAssert.Contains(error.Message, "local address");
    }
}
