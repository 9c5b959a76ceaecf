using System.Net;
using System.Net.Sockets;
using System.Text;
using CoroGen.Loop;
using CoroGen.Net;

namespace CoroGen.Tests.Net;

/// <summary>The streams API (asyncio-stream.rst) against real loopback sockets on a real-clock loop.</summary>
[TestClass]
public sealed class StreamTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static EventLoop RealLoop() => new(new EventLoopOptions { ErrorWriter = TextWriter.Null });

    private static byte[] Bytes(string s) => Encoding.ASCII.GetBytes(s);

    private static string Text(byte[] b) => Encoding.ASCII.GetString(b);

    private static int Port(StreamServer server) => ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;

    private static T Run<T>(EventLoop loop, Coro<T> main) => loop.RunUntilComplete(Coro.WaitFor(main, Deadline));

    private static async Coro EchoLines(AsyncStreamReader reader, AsyncStreamWriter writer)
    {
        while (true)
        {
            var line = await reader.ReadLine();
            if (line.Length == 0)
            {
                return;
            }

            writer.Write(line);
            await writer.Drain();
        }
    }

    [TestMethod]
    public void LinesEchoOverStartServerAndOpenConnection()
    {
        using var loop = RealLoop();
        async Coro<List<string>> Main()
        {
            var server = await Streams.StartServer(EchoLines, "127.0.0.1", 0);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server));
            Assert.AreEqual(IPAddress.Loopback, ((IPEndPoint)writer.GetExtraInfo("peername")!).Address);
            Assert.IsInstanceOfType<Socket>(writer.GetExtraInfo("socket"));
            Assert.AreEqual("none", writer.GetExtraInfo("nope", "none"));
            var echoed = new List<string>();
            foreach (var line in new[] { "one\n", "two\n", "three\n" })
            {
                writer.Write(Bytes(line));
                await writer.Drain();
                echoed.Add(Text(await reader.ReadLine()));
            }

            writer.Close();
            Assert.IsTrue(writer.IsClosing);
            await writer.WaitClosed();
            Assert.AreEqual(StreamWriterState.Closed, writer.State);
            server.Close();
            await server.WaitClosed();
            return echoed;
        }

        CollectionAssert.AreEqual(new[] { "one\n", "two\n", "three\n" }, Run(loop, Main()));
    }

    [TestMethod]
    public void ReadExactlyRaisesIncompleteReadErrorWithThePartialBytesWhenThePeerCloses()
    {
        using var loop = RealLoop();
        async Coro<IncompleteReadError> Main()
        {
            var server = await Streams.StartServer(
                async (_, w) =>
                {
                    w.Write(Bytes("hello"));
                    await w.Drain();
                },
                "127.0.0.1",
                0);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server));
            try
            {
                await reader.ReadExactly(10);
                throw new AssertFailedException("ReadExactly must fail at EOF");
            }
            catch (IncompleteReadError e)
            {
                Assert.IsTrue(reader.AtEof);
                writer.Close();
                server.Close();
                await server.WaitClosed();
                return e;
            }
        }

        var error = Run(loop, Main());
        Assert.AreEqual("hello", Text(error.Partial));
        Assert.AreEqual(10, error.Expected);
    }

    [TestMethod]
    public void ReadExactlyIntoCallerMemoryTakesBufferedBytesFirstAndReportsAPartialRead()
    {
        using var loop = RealLoop();
        async Coro<(string Line, string Exact, IncompleteReadError Error)> Main()
        {
            var server = await Streams.StartServer(
                async (_, w) =>
                {
                    w.Write(Bytes("line\nABCDEFGHIJ"));
                    await w.Drain();
                    await Coro.Sleep(0.01);
                    w.Write(Bytes("KLMNOP"));
                    await w.Drain();
                },
                "127.0.0.1",
                0);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server));
            var line = Text(await reader.ReadLine());
            var exact = new byte[12];
            await reader.ReadExactly(exact.AsMemory());
            var rest = new byte[10];
            try
            {
                await reader.ReadExactly(rest.AsMemory());
                throw new AssertFailedException("ReadExactly must fail at EOF");
            }
            catch (IncompleteReadError e)
            {
                writer.Close();
                server.Close();
                await server.WaitClosed();
                return (line, Text(exact), e);
            }
        }

        var (line, exact, error) = Run(loop, Main());
        Assert.AreEqual("line\n", line);
        Assert.AreEqual("ABCDEFGHIJKL", exact);
        Assert.AreEqual("MNOP", Text(error.Partial));
        Assert.AreEqual(10, error.Expected);
    }

    [TestMethod]
    public void ACancelledReadExactlyIntoMemoryLosesNoBytes()
    {
        using var loop = RealLoop();
        async Coro<string> Main()
        {
            var go = new CoroGen.Sync.AsyncEvent();
            var server = await Streams.StartServer(
                async (r, w) =>
                {
                    w.Write(Bytes("abc"));
                    await w.Drain();
                    await go.Wait();
                    w.Write(Bytes("defgh"));
                    await w.Drain();
                    await r.Read();
                },
                "127.0.0.1",
                0);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server));
            var first = new byte[8];
            var pending = Coro.Spawn(reader.ReadExactly(first.AsMemory()));
            while (reader.BufferedCount == 0 && first[0] == 0)
            {
                await Coro.Sleep(0.001);
            }

            pending.Cancel();
            try
            {
                await pending;
                throw new AssertFailedException("the read must be cancelled");
            }
            catch (CancelledError)
            {
            }

            go.Set();
            var again = new byte[8];
            await reader.ReadExactly(again.AsMemory());
            writer.Close();
            server.Close();
            await server.WaitClosed();
            return Text(again);
        }

        Assert.AreEqual("abcdefgh", Run(loop, Main()));
    }

    [TestMethod]
    public void ReadUntilPastTheLimitRaisesAndKeepsTheData()
    {
        using var loop = RealLoop();
        async Coro<(LimitOverrunError, string, string)> Main()
        {
            var payload = new string('a', 40) + "\nrest";
            var server = await Streams.StartServer(
                async (_, w) =>
                {
                    w.Write(Bytes(payload));
                    await w.Drain();
                },
                "127.0.0.1",
                0);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server), limit: 16);
            Assert.AreEqual(16, reader.Limit);
            LimitOverrunError? error = null;
            try
            {
                await reader.ReadUntil(Bytes("\n"));
            }
            catch (LimitOverrunError e)
            {
                error = e;
            }

            Assert.IsNotNull(error, "the separator is past the limit");
            var kept = Text(await reader.ReadExactly(41));
            var rest = Text(await reader.Read());
            writer.Close();
            server.Close();
            await server.WaitClosed();
            return (error, kept, rest);
        }

        var (error, kept, rest) = Run(loop, Main());
        Assert.IsGreaterThan(16, error.Consumed);
        Assert.AreEqual(new string('a', 40) + "\n", kept);
        Assert.AreEqual("rest", rest);
    }

    [TestMethod]
    public void ReadUntilPicksTheShortestMatchAndReadLineReturnsAPartialLineAtEof()
    {
        using var loop = RealLoop();
        async Coro<List<string>> Main()
        {
            var server = await Streams.StartServer(
                async (_, w) =>
                {
                    w.Write(Bytes("ab--cd;;ef\nlast"));
                    await w.Drain();
                },
                "127.0.0.1",
                0);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server));
            var parts = new List<string>
            {
                Text(await reader.ReadUntil(Bytes(";;"), Bytes("--"))),
                Text(await reader.ReadUntil(Bytes("\n"), Bytes(";;"))),
                Text(await reader.ReadLine()),
                Text(await reader.ReadLine()),
                Text(await reader.ReadLine()),
            };
            try
            {
                await reader.ReadUntil(Array.Empty<byte>());
                throw new AssertFailedException("an empty separator is an error");
            }
            catch (ArgumentException)
            {
            }

            Assert.IsTrue(reader.AtEof);
            Assert.IsEmpty(await reader.Read(5));
            writer.Close();
            server.Close();
            await server.WaitClosed();
            return parts;
        }

        CollectionAssert.AreEqual(new[] { "ab--", "cd;;", "ef\n", "last", "" }, Run(loop, Main()));
    }

    [TestMethod]
    public void ReadWithoutACountReadsUntilEofAndReadIntoCopiesNothingExtra()
    {
        using var loop = RealLoop();
        var payload = new byte[300_000];
        new Random(3).NextBytes(payload);
        async Coro<(byte[], int, int)> Main()
        {
            var server = await Streams.StartServer(
                async (_, w) =>
                {
                    w.Write(payload);
                    await w.Drain();
                },
                "127.0.0.1",
                0);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server));
            var first = new byte[10];
            var n = await reader.ReadInto(first);
            Assert.IsEmpty(await reader.Read(0));
            var rest = await reader.Read();
            var atEnd = await reader.ReadInto(new byte[4]);
            writer.Close();
            server.Close();
            await server.WaitClosed();
            return ([.. first.AsSpan(0, n), .. rest], n, atEnd);
        }

        var (all, n, atEnd) = Run(loop, Main());
        Assert.IsGreaterThan(0, n);
        Assert.AreEqual(0, atEnd);
        CollectionAssert.AreEqual(payload, all);
    }

    [TestMethod]
    public void WriteEofHalfClosesAndTheAnswerStillArrives()
    {
        using var loop = RealLoop();
        async Coro<string> Main()
        {
            var server = await Streams.StartServer(
                async (r, w) =>
                {
                    var request = await r.Read();
                    w.Write(Bytes("got " + Text(request)));
                    await w.Drain();
                },
                "127.0.0.1",
                0);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server));
            Assert.IsTrue(writer.CanWriteEof);
            writer.Write(Bytes("question"));
            writer.WriteEof();
            Assert.Throws<InvalidOperationException>(() => writer.Write(Bytes("more")));
            var answer = Text(await reader.Read());
            writer.Close();
            server.Close();
            await server.WaitClosed();
            return answer;
        }

        Assert.AreEqual("got question", Run(loop, Main()));
    }

    [TestMethod]
    public void DrainAgainstASlowReaderKeepsTheBufferBounded()
    {
        using var loop = RealLoop();
        const int Chunk = 8 * 1024;
        const int Chunks = 256;
        const int High = 32 * 1024;
        async Coro<(long Received, int MaxBuffered, int Paused)> Main()
        {
            long received = 0;
            var server = await Streams.StartServer(
                async (r, _) =>
                {
                    var buffer = new byte[16 * 1024];
                    int n;
                    while ((n = await r.ReadInto(buffer)) > 0)
                    {
                        received += n;
                        await Coro.Sleep(0.001);
                    }
                },
                "127.0.0.1",
                0);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server));
            ((Socket)writer.GetExtraInfo("socket")!).SendBufferSize = 4096;
            writer.SetWriteBufferLimits(High, 8 * 1024);
            Assert.AreEqual(High, writer.HighWaterMark);
            var chunk = new byte[Chunk];
            var maxBuffered = 0;
            var paused = 0;
            for (var i = 0; i < Chunks; i++)
            {
                writer.Write(chunk);
                maxBuffered = Math.Max(maxBuffered, writer.WriteBufferSize);
                if (writer.WriteBufferSize > High)
                {
                    paused++;
                }

                await writer.Drain();
                Assert.IsLessThanOrEqualTo(High, writer.WriteBufferSize, "a drain returns with the buffer at or below the high mark");
            }

            writer.Close();
            await writer.WaitClosed();
            server.Close();
            await server.WaitClosed();
            return (received, maxBuffered, paused);
        }

        var (received, maxBuffered, paused) = Run(loop, Main());
        Assert.AreEqual((long)Chunk * Chunks, received);
        Assert.IsLessThanOrEqualTo(High + Chunk, maxBuffered);
        Assert.IsGreaterThan(0, paused, "the slow reader made the writer pause");
    }

    [TestMethod]
    public void ACancelledReadLeavesTheReaderUsable()
    {
        using var loop = RealLoop();
        async Coro<string> Main()
        {
            var go = new CoroGen.Sync.AsyncEvent();
            var server = await Streams.StartServer(
                async (r, w) =>
                {
                    await go.Wait();
                    w.Write(Bytes("data\n"));
                    await w.Drain();
                    await r.Read();
                },
                "127.0.0.1",
                0);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server));
            var pending = Coro.Spawn(reader.ReadLine());
            await Coro.Sleep(0.01);
            pending.Cancel();
            try
            {
                await pending;
                throw new AssertFailedException("the read must be cancelled");
            }
            catch (CancelledError)
            {
            }

            go.Set();
            var line = Text(await reader.ReadLine());
            writer.Close();
            server.Close();
            await server.WaitClosed();
            return line;
        }

        Assert.AreEqual("data\n", Run(loop, Main()));
    }

    [TestMethod]
    public void AHundredClientsEchoTwentyLinesEach()
    {
        using var loop = RealLoop();
        const int Clients = 100;
        const int Lines = 20;
        async Coro<int> Client(int port, int id)
        {
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", port);
            var good = 0;
            for (var i = 0; i < Lines; i++)
            {
                var line = $"client {id} line {i}\n";
                writer.Write(Bytes(line));
                await writer.Drain();
                if (Text(await reader.ReadLine()) == line)
                {
                    good++;
                }
            }

            writer.Close();
            await writer.WaitClosed();
            return good;
        }

        async Coro<int> Main()
        {
            var server = await Streams.StartServer(EchoLines, "127.0.0.1", 0);
            var port = Port(server);
            var tasks = Enumerable.Range(0, Clients).Select(id => Coro.Spawn(Client(port, id))).ToList();
            var total = 0;
            foreach (var task in tasks)
            {
                total += await task;
            }

            server.Close();
            await server.WaitClosed();
            Assert.AreEqual(0, server.ActiveClients);
            return total;
        }

        Assert.AreEqual(Clients * Lines, Run(loop, Main()));
    }

    [TestMethod]
    public void ServeForeverTwiceIsAnErrorAndCancellingItClosesTheServer()
    {
        using var loop = RealLoop();
        async Coro<bool> Main()
        {
            var server = await Streams.StartServer(EchoLines, "127.0.0.1", 0);
            var forever = Coro.Spawn(server.ServeForever());
            await Coro.Sleep(0);
            try
            {
                await server.ServeForever();
                throw new AssertFailedException("a second ServeForever must fail");
            }
            catch (InvalidOperationException)
            {
            }

            Assert.IsTrue(server.IsServing);
            forever.Cancel();
            try
            {
                await forever;
                throw new AssertFailedException("ServeForever ends by cancellation");
            }
            catch (CancelledError)
            {
            }

            return server.IsServing;
        }

        Assert.IsFalse(Run(loop, Main()));
    }

    [TestMethod]
    public void CloseStopsListeningAndWaitClosedWaitsForTheHandlers()
    {
        using var loop = RealLoop();
        async Coro<bool> Main()
        {
            var server = await Streams.StartServer(EchoLines, "127.0.0.1", 0);
            var port = Port(server);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", port);
            writer.Write(Bytes("ping\n"));
            Assert.AreEqual("ping\n", Text(await reader.ReadLine()));
            server.Close();
            server.Close();
            Assert.IsFalse(server.IsServing);
            Assert.IsEmpty(server.Sockets);
            try
            {
                await Streams.OpenConnection("127.0.0.1", port);
                throw new AssertFailedException("the server no longer listens");
            }
            catch (SocketException e)
            {
                Assert.AreEqual(SocketError.ConnectionRefused, e.SocketErrorCode);
            }

            var closed = Coro.Spawn(server.WaitClosed());
            await Coro.Sleep(0.02);
            Assert.IsFalse(closed.Done, "a client handler still runs");
            writer.Write(Bytes("still here\n"));
            Assert.AreEqual("still here\n", Text(await reader.ReadLine()), "client connections survive Close");
            writer.Close();
            await closed;
            return true;
        }

        Assert.IsTrue(Run(loop, Main()));
    }

    [TestMethod]
    public void AHandlerExceptionGoesToTheExceptionHandlerAndClosesTheConnection()
    {
        using var loop = RealLoop();
        var reported = new List<ExceptionContext>();
        loop.SetExceptionHandler((_, context) => reported.Add(context));
        async Coro<byte[]> Main()
        {
            var server = await Streams.StartServer(
                async (r, _) =>
                {
                    await r.ReadLine();
                    throw new InvalidDataException("bad request");
                },
                "127.0.0.1",
                0);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server));
            writer.Write(Bytes("hi\n"));
            var rest = await reader.Read();
            writer.Close();
            server.Close();
            await server.WaitClosed();
            return rest;
        }

        Assert.IsEmpty(Run(loop, Main()));
        Assert.HasCount(1, reported);
        Assert.IsInstanceOfType<InvalidDataException>(reported[0].Exception);
    }

    [TestMethod]
    public void ConcurrentReadsAndBadArgumentsAreClearErrors()
    {
        using var loop = RealLoop();
        async Coro<bool> Main()
        {
            var server = await Streams.StartServer(EchoLines, "127.0.0.1", 0);
            var (reader, writer) = await Streams.OpenConnection("127.0.0.1", Port(server));
            var first = Coro.Spawn(reader.Read(10));
            await Coro.Sleep(0);
            try
            {
                await reader.Read(10);
                throw new AssertFailedException("two reads at once");
            }
            catch (InvalidOperationException)
            {
            }

            try
            {
                await reader.ReadExactly(-1);
                throw new AssertFailedException("a negative count");
            }
            catch (ArgumentOutOfRangeException)
            {
            }

            writer.Close();
            Assert.IsEmpty(await first, "closing the writer wakes the pending read with EOF");
            server.Close();
            await server.WaitClosed();
            return true;
        }

        Assert.IsTrue(Run(loop, Main()));
    }
}
