using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using CoroGen.Net;

namespace CoroGen.Benchmarks;

/// <summary>
/// PERFORMANCE.md §4.1 (a), in-process micro version: TCP echo on 127.0.0.1 with TCP_NODELAY on
/// both sides. Each of <see cref="Connections"/> client connections runs a closed loop: write a
/// <see cref="MessageSize"/>-byte message, read until that many bytes are back, repeat
/// <c>RoundTrips / Connections</c> times. Reported time is per round trip
/// (<see cref="RoundTrips"/> per invocation, whatever the connection count).
/// </summary>
/// <remarks>
/// <para>Servers <b>and</b> client connections are set up once in <see cref="Setup"/> (connect and
/// accept are not measured) and torn down in <see cref="Cleanup"/>; an invocation only runs the
/// round trips. Servers use one task per connection with a 4 KiB (or message-sized) read buffer;
/// clients read into a preallocated buffer, so no row allocates a message-sized array per round trip.</para>
/// <para>Rows: the baseline is plain .NET <see cref="Socket"/> <c>ReceiveAsync</c>/<c>SendAsync</c>
/// (<see cref="Memory{T}"/>, <see cref="ValueTask"/>) for server and clients, on the default thread
/// pool in this process (the benchmark thread blocks on <c>Task.WhenAll</c>). The CoroGen rows run
/// server and clients on <b>one</b> <see cref="EventLoop"/>, the single-threaded design: the server's
/// accept/echo tasks were spawned during setup and make progress only while an invocation's
/// <c>RunUntilComplete</c> drives the clients. So a CoroGen round trip costs both ends on one
/// thread, while the .NET baseline may spread client and server over the pool's threads (2 cores here).
/// The protocol row's clients are protocols too: each echo's <c>DataReceived</c> sends the next message.</para>
/// <para>This is not the §4.1 methodology (separate C epoll client, 10 s per cell, latency
/// percentiles, CPU and syscall counts); it is a quick same-process comparison.</para>
/// </remarks>
[MemoryDiagnoser]
public partial class EchoBenchmarks
{
    /// <summary>Round trips per invocation, split evenly over the connections.</summary>
    public const int RoundTrips = 2_000;

    /// <summary>Concurrent client connections.</summary>
    [Params(1, 10, 100)]
    public int Connections { get; set; }

    /// <summary>Bytes per message.</summary>
    [Params(64, 4096)]
    public int MessageSize { get; set; }

    private EventLoop _loop = null!;

    // Plain .NET.
    private Socket _netListener = null!;
    private Task _netAccept = null!;
    private readonly List<Task> _netEchoes = [];
    private Socket[] _netClients = null!;

    // CoroGen streams.
    private StreamServer _streamServer = null!;
    private AsyncStreamReader[] _streamReaders = null!;
    private AsyncStreamWriter[] _streamWriters = null!;

    // CoroGen transports and protocols.
    private Server _protocolServer = null!;
    private Transport[] _protocolTransports = null!;
    private PingProtocol[] _pingers = null!;

    // CoroGen sock_*.
    private Socket[] _sockClients = null!;
    private CoroTask[] _sockEchoes = null!;

    private byte[][] _messages = null!;
    private byte[][] _replies = null!;

    private int PerConnection => RoundTrips / Connections;

    /// <summary>Starts the three servers and connects every client.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _messages = new byte[Connections][];
        _replies = new byte[Connections][];
        for (var i = 0; i < Connections; i++)
        {
            _messages[i] = new byte[MessageSize];
            Array.Fill(_messages[i], (byte)('a' + i));
            _replies[i] = new byte[MessageSize];
        }

        // Plain .NET server on the thread pool, clients connected synchronously.
        _netListener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _netListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _netListener.Listen(100);
        _netAccept = Task.Run(NetAcceptLoop);
        var netPort = ((IPEndPoint)_netListener.LocalEndPoint!).Port;
        _netClients = new Socket[Connections];
        for (var i = 0; i < Connections; i++)
        {
            _netClients[i] = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            _netClients[i].Connect(IPAddress.Loopback, netPort);
        }

        // CoroGen: both servers and all clients on one loop.
        _loop = new EventLoop();
        _loop.RunUntilComplete(CoroSetup(this));
    }

    /// <summary>Closes every client, waits for the server tasks to finish and closes the servers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var client in _netClients)
        {
            client.Shutdown(SocketShutdown.Send);
        }

        Task.WaitAll([.. _netEchoes]);
        _netListener.Dispose();
        try
        {
            _netAccept.Wait();
        }
        catch (AggregateException)
        {
        }

        foreach (var client in _netClients)
        {
            client.Dispose();
        }

        _loop.RunUntilComplete(CoroCleanup(this));
        foreach (var client in _sockClients)
        {
            client.Dispose();
        }

        _loop.Dispose();
    }

    /// <summary>Plain .NET: <c>Socket.SendAsync</c>/<c>ReceiveAsync</c> (ValueTask) server and clients on the thread pool.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = RoundTrips)]
    public long DotNet_Socket_ThreadPool()
    {
        var clients = new Task<long>[Connections];
        for (var i = 0; i < clients.Length; i++)
        {
            clients[i] = NetClient(_netClients[i], _messages[i], _replies[i], PerConnection);
        }

        Task.WaitAll(clients);
        var total = 0L;
        foreach (var client in clients)
        {
            total += client.Result;
        }

        return total;
    }

    /// <summary>CoroGen streams: <c>Streams.StartServer</c> echo handler (ReadInto, Write, Drain) and <c>OpenConnection</c> clients, one loop.</summary>
    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public long CoroGen_Streams() => _loop.RunUntilComplete(StreamClients(this));

    /// <summary>CoroGen transports and protocols: <c>CreateServer</c> echo protocol and <c>CreateConnection</c> ping protocols (callbacks, no tasks), one loop.</summary>
    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public long CoroGen_Protocol() => _loop.RunUntilComplete(ProtocolClients(this));

    /// <summary>CoroGen low level: <c>SockRecv</c>/<c>SockSendAll</c> echo tasks and clients on non-blocking sockets, one loop.</summary>
    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public long CoroGen_SockApi() => _loop.RunUntilComplete(SockClients(this));

    // ---- plain .NET ----

    private async Task NetAcceptLoop()
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await _netListener.AcceptAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            accepted.NoDelay = true;
            lock (_netEchoes)
            {
                _netEchoes.Add(NetEcho(accepted, MessageSize));
            }
        }
    }

    private static async Task NetEcho(Socket socket, int messageSize)
    {
        using var _ = socket;
        var buffer = new byte[Math.Max(4096, messageSize)];
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
            if (n == 0)
            {
                return;
            }

            var sent = 0;
            while (sent < n)
            {
                sent += await socket.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None);
            }
        }
    }

    private static async Task<long> NetClient(Socket socket, byte[] message, byte[] reply, int roundTrips)
    {
        var total = 0L;
        for (var r = 0; r < roundTrips; r++)
        {
            var sent = 0;
            while (sent < message.Length)
            {
                sent += await socket.SendAsync(message.AsMemory(sent), SocketFlags.None);
            }

            var received = 0;
            while (received < reply.Length)
            {
                var n = await socket.ReceiveAsync(reply.AsMemory(received), SocketFlags.None);
                if (n == 0)
                {
                    throw new InvalidOperationException("server closed the connection");
                }

                received += n;
            }

            total += received;
        }

        return total;
    }

    // ---- CoroGen setup / cleanup ----

    [Coroutine]
    private static async partial Coro<bool> CoroSetup(EchoBenchmarks self)
    {
        var loop = EventLoop.GetRunningLoop();
        var connections = self.Connections;

        // Streams.
        self._streamServer = await Streams.StartServer(EchoStreams.StreamEcho, "127.0.0.1", 0);
        var streamPort = ((IPEndPoint)self._streamServer.Sockets[0].LocalEndPoint!).Port;
        self._streamReaders = new AsyncStreamReader[connections];
        self._streamWriters = new AsyncStreamWriter[connections];
        for (var i = 0; i < connections; i++)
        {
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", streamPort);
            self._streamReaders[i] = reader;
            self._streamWriters[i] = writer;
        }

        // Transports and protocols.
        self._protocolServer = await loop.CreateServer(() => new EchoProtocol(), "127.0.0.1", 0, backlog: 1024);
        var protocolPort = ((IPEndPoint)self._protocolServer.Sockets[0].LocalEndPoint!).Port;
        self._protocolTransports = new Transport[connections];
        self._pingers = new PingProtocol[connections];
        for (var i = 0; i < connections; i++)
        {
            var (transport, pinger) = await loop.CreateConnection(() => new PingProtocol(), "127.0.0.1", protocolPort);
            self._protocolTransports[i] = transport;
            self._pingers[i] = pinger;
        }

        // sock_*: accept exactly one server socket per client, each served by a kept echo task.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(100);
        listener.Blocking = false;
        var sockEndPoint = listener.LocalEndPoint!;
        self._sockClients = new Socket[connections];
        self._sockEchoes = new CoroTask[connections];
        for (var i = 0; i < connections; i++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false, NoDelay = true };
            self._sockClients[i] = client;
            await loop.SockConnect(client, sockEndPoint);
            var accepted = await loop.SockAccept(listener);
            accepted.NoDelay = true;
            self._sockEchoes[i] = Coro.Spawn(SockEcho(accepted, self.MessageSize));
        }

        return true;
    }

    [Coroutine]
    private static async partial Coro<bool> CoroCleanup(EchoBenchmarks self)
    {
        foreach (var writer in self._streamWriters)
        {
            writer.Close();
            await writer.WaitClosed();
        }

        self._streamServer.Close();
        await self._streamServer.WaitClosed();

        foreach (var transport in self._protocolTransports)
        {
            transport.Close();
        }

        self._protocolServer.Close();
        await self._protocolServer.WaitClosed();

        foreach (var client in self._sockClients)
        {
            client.Shutdown(SocketShutdown.Send);
        }

        foreach (var echo in self._sockEchoes)
        {
            await echo;
        }

        return true;
    }

    // ---- CoroGen streams ----

    [Coroutine]
    private static async partial Coro<long> StreamClients(EchoBenchmarks self)
    {
        var connections = self.Connections;
        var tasks = new CoroTask<long>[connections];
        for (var i = 0; i < connections; i++)
        {
            tasks[i] = Coro.Spawn(EchoStreams.StreamClient(self._streamReaders[i], self._streamWriters[i], self._messages[i], self._replies[i], self.PerConnection));
        }

        var total = 0L;
        foreach (var task in tasks)
        {
            total += await task;
        }

        return total;
    }

    // ---- CoroGen transports and protocols ----

    [Coroutine]
    private static async partial Coro<long> ProtocolClients(EchoBenchmarks self)
    {
        var all = new CoroGen.Sync.AsyncEvent();
        var pending = self.Connections;
        void Done()
        {
            if (--pending == 0)
            {
                all.Set();
            }
        }

        for (var i = 0; i < self.Connections; i++)
        {
            self._pingers[i].Start(self._messages[i], self.PerConnection, Done);
        }

        await all.Wait();
        var total = 0L;
        foreach (var pinger in self._pingers)
        {
            total += pinger.Total;
        }

        return total;
    }

    // ---- CoroGen sock_* ----

    [Coroutine]
    private static async partial Coro SockEcho(Socket socket, int messageSize)
    {
        var loop = EventLoop.GetRunningLoop();
        var buffer = new byte[Math.Max(4096, messageSize)];
        try
        {
            while (true)
            {
                var n = await loop.SockRecv(socket, buffer);
                if (n == 0)
                {
                    return;
                }

                await loop.SockSendAll(socket, buffer.AsMemory(0, n));
            }
        }
        finally
        {
            socket.Dispose();
        }
    }

    [Coroutine]
    private static async partial Coro<long> SockClient(Socket socket, byte[] message, byte[] reply, int roundTrips)
    {
        var loop = EventLoop.GetRunningLoop();
        var total = 0L;
        for (var r = 0; r < roundTrips; r++)
        {
            await loop.SockSendAll(socket, message);
            var received = 0;
            while (received < reply.Length)
            {
                var n = await loop.SockRecv(socket, reply.AsMemory(received));
                if (n == 0)
                {
                    throw new InvalidOperationException("server closed the connection");
                }

                received += n;
            }

            total += received;
        }

        return total;
    }

    [Coroutine]
    private static async partial Coro<long> SockClients(EchoBenchmarks self)
    {
        var connections = self.Connections;
        var tasks = new CoroTask<long>[connections];
        for (var i = 0; i < connections; i++)
        {
            tasks[i] = Coro.Spawn(SockClient(self._sockClients[i], self._messages[i], self._replies[i], self.PerConnection));
        }

        var total = 0L;
        foreach (var task in tasks)
        {
            total += await task;
        }

        return total;
    }
}
