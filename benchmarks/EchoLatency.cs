using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CoroGen.Net;
using CoroGen.Sync;

namespace CoroGen.Benchmarks;

/// <summary>
/// Echo latency, throughput and CPU per round trip (PERFORMANCE.md §4.1, in-process version), run
/// with <c>dotnet run -c Release --project benchmarks -- --echo-latency [--seconds 2] [--warmup 0.5] [--runs 1]</c>.
/// </summary>
/// <remarks>
/// <para><b>Servers</b>, all started once and kept for the whole run: CoroGen transports and
/// protocols (<c>CreateServer</c>, an echo <c>Protocol</c>) and CoroGen streams (<c>StartServer</c>,
/// <c>ReadInto</c> a 4 KiB buffer, <c>Write</c>, <c>Drain</c>), each on its own thread running its
/// own <see cref="EventLoop"/>, and plain .NET <see cref="Socket"/> <c>ReceiveAsync</c>/<c>SendAsync</c>
/// (one task per connection, 4 KiB buffer) on the default thread pool.</para>
/// <para><b>Client</b>, the same for every server: this thread runs a CoroGen loop with one
/// closed-loop protocol per connection (write the message, wait for the whole echo, record the
/// round trip with <see cref="Stopwatch.GetTimestamp"/> into 100 ns buckets, write again). TCP_NODELAY
/// on both sides, 127.0.0.1. Cells are interleaved (each connection count and size runs the three
/// servers one after the other), each with its own warm-up.</para>
/// <para><b>CPU</b>: the process's user and system time over the measured window
/// (<see cref="System.Diagnostics.Process.UserProcessorTime"/>, <see cref="System.Diagnostics.Process.PrivilegedProcessorTime"/>)
/// divided by the round trips; it includes the client, which is the same code for every row. The
/// server's share is the process's time minus the client thread's (<c>/proc/thread-self/stat</c>,
/// 10 ms ticks), which for the .NET row also holds the thread pool's hops. The client thread's
/// busy share of the window is printed too: near 100% the row is client-bound (PERFORMANCE.md §4.0's
/// sanity guard) and says more about the client than about the server.</para>
/// <para>With <c>--runs N</c> every cell is measured N times (all cells, then again), and the run
/// with the median throughput is printed with the min-max spread.</para>
/// <para>Not §4.1's method: no separate C client, no pinning, seconds rather than 10 s per cell,
/// closed loop only (which understates tail latency). Indicative, same-run ratios only.</para>
/// </remarks>
public static partial class EchoLatency
{
    private const long BucketNanoseconds = 100;
    private const int Buckets = 200_000; // 20 ms in 100 ns buckets, plus one overflow bucket.

    /// <summary>Runs every cell and prints a markdown table; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var seconds = Option(args, "--seconds", 2.0);
        var warmup = Option(args, "--warmup", 0.5);
        int[] connectionCounts = [1, 10, 100];
        int[] sizes = [64, 4096];

        using var dotnet = new DotNetServer();
        using var protocol = new LoopServer(streams: false);
        using var streams = new LoopServer(streams: true);
        (string Name, int Port)[] servers =
        [
            ("CoroGen protocol", protocol.Port),
            ("CoroGen streams", streams.Port),
            (".NET Socket async", dotnet.Port),
        ];

        var runs = (int)Option(args, "--runs", 1);
        Console.WriteLine(
            $"Echo latency: {seconds:0.##} s per cell after {warmup:0.##} s warm-up, {runs} run(s), closed loop, 127.0.0.1, " +
            $"{Environment.ProcessorCount} CPUs, .NET {Environment.Version}");

        // Every run measures every cell, the three servers one after the other, so drift hits them alike.
        var results = new Dictionary<(int Size, int Connections, string Server), List<Result>>();
        for (var run = 0; run < runs; run++)
        {
            foreach (var size in sizes)
            {
                foreach (var connections in connectionCounts)
                {
                    foreach (var (name, port) in servers)
                    {
                        var result = Measure(port, connections, size, warmup, seconds);
                        if (!results.TryGetValue((size, connections, name), out var list))
                        {
                            results[(size, connections, name)] = list = [];
                        }

                        list.Add(result);
                        Console.Error.WriteLine($"run {run + 1}: {size} B, {connections} conns, {name}: {result.PerSecond:N0}/s, p99 {result.P99:0.0} µs, client CPU {result.ClientCpu:P0}");
                    }
                }
            }
        }

        // The run with the median throughput speaks for each cell; the spread shows how far the runs were apart.
        Console.WriteLine();
        Console.WriteLine("| size | conns | server | round trips/s | (min-max) | p50 µs | p99 µs | p99.9 µs | max µs | process user+sys µs/RT | server µs/RT | client CPU | Gen0 GCs |");
        Console.WriteLine("|---:|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var ((size, connections, name), list) in results)
        {
            list.Sort((a, b) => a.PerSecond.CompareTo(b.PerSecond));
            var result = list[list.Count / 2];
            Console.WriteLine(
                $"| {(size == 64 ? "64 B" : "4 KiB")} | {connections} | {name} | {result.PerSecond:N0} | {list[0].PerSecond / 1000:0}k-{list[^1].PerSecond / 1000:0}k " +
                $"| {result.P50:0.0} | {result.P99:0.0} | {result.P999:0.0} | {result.Max:0} " +
                $"| {result.UserPerRt + result.SysPerRt:0.00} ({result.UserPerRt:0.00} + {result.SysPerRt:0.00}) | {result.ServerPerRt:0.00} | {result.ClientCpu:P0} | {result.Gen0} |");
        }

        return 0;
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static Result Measure(int port, int connections, int size, double warmup, double seconds)
    {
        var cell = new Cell(size);
        using (var loop = new EventLoop())
        {
            loop.RunUntilComplete(RunCell(cell, port, connections, warmup, seconds));
        }

        return cell.Summarize();
    }

    /// <summary>Connects, warms up, measures for <paramref name="seconds"/>, then lets every connection finish its round trip and closes them.</summary>
    [Coroutine]
    private static async partial Coro<bool> RunCell(Cell cell, int port, int connections, double warmup, double seconds)
    {
        var loop = EventLoop.GetRunningLoop();
        var transports = new Transport[connections];
        var pingers = new Pinger[connections];
        for (var i = 0; i < connections; i++)
        {
            (transports[i], pingers[i]) = await loop.CreateConnection(() => new Pinger(cell), "127.0.0.1", port);
        }

        cell.Running = connections;
        cell.Open = connections;
        foreach (var pinger in pingers)
        {
            pinger.Send();
        }

        await Coro.Sleep(warmup);
        cell.Start();
        await Coro.Sleep(seconds);
        cell.Stop();
        await cell.AllStopped.Wait();
        foreach (var transport in transports)
        {
            transport.Close();
        }

        // Let every close finish (the socket is released when ConnectionLost runs) before the loop goes away.
        await cell.AllClosed.Wait();
        return true;
    }

    /// <summary>One cell's counters: a latency histogram, round trips, and CPU and time at both ends of the window.</summary>
    private sealed class Cell(int size)
    {
        private readonly long[] _histogram = new long[Buckets + 1];
        private readonly System.Diagnostics.Process _process = System.Diagnostics.Process.GetCurrentProcess();
        private long _startTicks;
        private long _endTicks;
        private TimeSpan _user;
        private TimeSpan _sys;
        private long _clientCpuTicks;
        private int _gen0;
        private long _maxNanoseconds;

        public readonly byte[] Message = CreateMessage(size);

        public readonly AsyncEvent AllStopped = new();

        public readonly AsyncEvent AllClosed = new();

        public int Open;

        public bool Measuring;

        public bool Stopping;

        public int Running;

        public long RoundTrips;

        public void Start()
        {
            _process.Refresh();
            _user = _process.UserProcessorTime;
            _sys = _process.PrivilegedProcessorTime;
            _clientCpuTicks = ThreadCpuTicks();
            _gen0 = GC.CollectionCount(0);
            _startTicks = Stopwatch.GetTimestamp();
            Measuring = true;
        }

        public void Stop()
        {
            Measuring = false;
            _endTicks = Stopwatch.GetTimestamp();
            _process.Refresh();
            _user = _process.UserProcessorTime - _user;
            _sys = _process.PrivilegedProcessorTime - _sys;
            _clientCpuTicks = ThreadCpuTicks() - _clientCpuTicks;
            _gen0 = GC.CollectionCount(0) - _gen0;
            Stopping = true;
        }

        public void Record(long elapsedTicks)
        {
            if (!Measuring)
            {
                return;
            }

            var nanoseconds = elapsedTicks * 1_000_000_000 / Stopwatch.Frequency;
            _histogram[Math.Min(nanoseconds / BucketNanoseconds, Buckets)]++;
            _maxNanoseconds = Math.Max(_maxNanoseconds, nanoseconds);
            RoundTrips++;
        }

        public void Stopped()
        {
            if (--Running == 0)
            {
                AllStopped.Set();
            }
        }

        public void Closed()
        {
            if (--Open == 0)
            {
                AllClosed.Set();
            }
        }

        public Result Summarize()
        {
            var count = Math.Max(RoundTrips, 1);
            var elapsed = (double)(_endTicks - _startTicks) / Stopwatch.Frequency;
            var userPerRt = _user.TotalMicroseconds / count;
            var sysPerRt = _sys.TotalMicroseconds / count;
            var clientMicroseconds = _clientCpuTicks * 1_000_000.0 / 100; // USER_HZ
            var serverPerRt = (_user.TotalMicroseconds + _sys.TotalMicroseconds - clientMicroseconds) / count;
            return new Result(
                RoundTrips / elapsed,
                Percentile(0.50),
                Percentile(0.99),
                Percentile(0.999),
                _maxNanoseconds / 1000.0,
                userPerRt,
                sysPerRt,
                serverPerRt,
                clientMicroseconds / 1_000_000 / elapsed,
                _gen0);
        }

        /// <summary>The upper edge of the bucket holding the given rank, in microseconds.</summary>
        private double Percentile(double p)
        {
            var rank = (long)Math.Ceiling(p * RoundTrips);
            long seen = 0;
            for (var i = 0; i < _histogram.Length; i++)
            {
                seen += _histogram[i];
                if (seen >= rank && seen > 0)
                {
                    return i == Buckets ? _maxNanoseconds / 1000.0 : (i + 1) * BucketNanoseconds / 1000.0;
                }
            }

            return 0;
        }

        private static byte[] CreateMessage(int size)
        {
            var message = new byte[size];
            Array.Fill(message, (byte)'m');
            return message;
        }

        /// <summary>User plus system time of the calling thread, in clock ticks (fields 14 and 15 of <c>/proc/thread-self/stat</c>).</summary>
        private static long ThreadCpuTicks()
        {
            var stat = File.ReadAllText("/proc/thread-self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // fields[0] is field 3 (state): utime is field 14, stime field 15.
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
    }

    private readonly record struct Result(
        double PerSecond, double P50, double P99, double P999, double Max, double UserPerRt, double SysPerRt, double ServerPerRt, double ClientCpu, int Gen0);

    /// <summary>A closed-loop client connection: writes the message, waits for all of its echo, records the round trip, writes again until the cell stops.</summary>
    private sealed class Pinger(Cell cell) : Protocol
    {
        private Transport? _transport;
        private int _filled;
        private long _sentAt;

        public override void ConnectionMade(Transport transport) => _transport = transport;

        public override void ConnectionLost(Exception? exception) => cell.Closed();

        public void Send()
        {
            _filled = 0;
            _sentAt = Stopwatch.GetTimestamp();
            _transport!.Write(cell.Message);
        }

        public override void DataReceived(ReadOnlySpan<byte> data)
        {
            _filled += data.Length;
            if (_filled < cell.Message.Length)
            {
                return;
            }

            cell.Record(Stopwatch.GetTimestamp() - _sentAt);
            if (cell.Stopping)
            {
                cell.Stopped();
                return;
            }

            Send();
        }
    }

    /// <summary>A CoroGen echo server on its own thread and loop: protocols, or streams.</summary>
    private sealed partial class LoopServer : IDisposable
    {
        private readonly Thread _thread;
        private readonly ManualResetEventSlim _ready = new();
        private EventLoop? _loop;
        private readonly bool _streams;
        private AsyncEvent? _stop;

        public LoopServer(bool streams)
        {
            _streams = streams;
            _thread = new Thread(ThreadMain)
            {
                IsBackground = true,
                Name = streams ? "CoroGen streams server" : "CoroGen protocol server",
            };
            _thread.Start();
            _ready.Wait();
        }

        public int Port { get; private set; }

        public void Dispose()
        {
            _loop!.CallSoonThreadSafe(() => _stop!.Set());
            _thread.Join();
            _ready.Dispose();
        }

        /// <summary>The server thread: its own loop, created and run here.</summary>
        private void ThreadMain()
        {
            using var loop = new EventLoop();
            _loop = loop;
            loop.RunUntilComplete(Serve(this, _streams));
        }

        [Coroutine]
        private static async partial Coro<bool> Serve(LoopServer self, bool streams)
        {
            var loop = EventLoop.GetRunningLoop();
            self._stop = new AsyncEvent();
            if (streams)
            {
                var server = await Streams.StartServer(StreamEcho, "127.0.0.1", 0, backlog: 1024);
                self.Port = ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;
                self._ready.Set();
                await self._stop.Wait();
                server.Close();
                await server.WaitClosed();
            }
            else
            {
                var server = await loop.CreateServer(() => new EchoProtocol(), "127.0.0.1", 0, backlog: 1024);
                self.Port = ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;
                self._ready.Set();
                await self._stop.Wait();
                server.Close();
                server.CloseClients();
                await server.WaitClosed();
            }

            return true;
        }

        [Coroutine]
        private static async partial Coro StreamEcho(AsyncStreamReader reader, AsyncStreamWriter writer)
        {
            var buffer = new byte[4096];
            while (true)
            {
                var n = await reader.ReadInto(buffer);
                if (n == 0)
                {
                    writer.Close();
                    return;
                }

                writer.Write(buffer.AsSpan(0, n));
                await writer.Drain();
            }
        }
    }

    /// <summary>Plain .NET: an accept loop and one <c>ReceiveAsync</c>/<c>SendAsync</c> task per connection, on the thread pool.</summary>
    private sealed class DotNetServer : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly Task _accept;

        public DotNetServer()
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(1024);
            Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
            _accept = Task.Run(AcceptLoop);
        }

        public int Port { get; }

        public void Dispose()
        {
            _listener.Dispose();
            try
            {
                _accept.Wait();
            }
            catch (AggregateException)
            {
            }
        }

        private async Task AcceptLoop()
        {
            while (true)
            {
                Socket accepted;
                try
                {
                    accepted = await _listener.AcceptAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }

                accepted.NoDelay = true;
                _ = Echo(accepted);
            }
        }

        private static async Task Echo(Socket socket)
        {
            using var _ = socket;
            var buffer = new byte[4096];
            try
            {
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
            catch (SocketException)
            {
            }
        }
    }
}
