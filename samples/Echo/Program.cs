using System.Net;
using System.Text;
using CoroGen;
using CoroGen.Net;

namespace CoroGen.Samples.Echo;

/// <summary>
/// asyncio's TCP echo example, scaled up: an echo server on 127.0.0.1 (a free port), and a number
/// of clients that each send lines and check the echoes for a moment. Prints the totals and exits
/// with 0 when every echo came back intact.
/// </summary>
public static partial class Program
{
    private const int Clients = 50;
    private static readonly TimeSpan RunFor = TimeSpan.FromMilliseconds(500);
    private static long _serverLines;

    public static int Main()
    {
        var (lines, bad) = EventLoop.Run(RunAll());   // asyncio.run(main())
        Console.WriteLine($"{Clients} clients echoed {lines} lines ({_serverLines} seen by the server), {bad} wrong");
        return bad == 0 && lines > 0 && lines == _serverLines ? 0 : 1;
    }

    [Coroutine]
    private static async partial Coro<(long Lines, long Bad)> RunAll()
    {
        var server = await Streams.StartServer(HandleClient, "127.0.0.1", 0);
        var port = ((IPEndPoint)server.Sockets[0].LocalEndPoint!).Port;
        Console.WriteLine($"echo server listening on 127.0.0.1:{port}");

        var loop = EventLoop.GetRunningLoop();
        var stopAt = loop.Time + RunFor.TotalSeconds;
        var clients = new CoroTask<(long, long)>[Clients];
        for (var i = 0; i < Clients; i++)
        {
            clients[i] = Coro.Spawn(RunClient(port, i, stopAt));
        }

        long lines = 0, bad = 0;
        foreach (var client in clients)
        {
            var (good, wrong) = await client;
            lines += good;
            bad += wrong;
        }

        server.Close();
        await server.WaitClosed();
        return (lines, bad);
    }

    /// <summary>The server side: echo every line until the client closes.</summary>
    [Coroutine]
    private static async partial Coro HandleClient(AsyncStreamReader reader, AsyncStreamWriter writer)
    {
        while (true)
        {
            var line = await reader.ReadLine();
            if (line.Length == 0)
            {
                return;
            }

            _serverLines++;
            writer.Write(line);
            await writer.Drain();
        }
    }

    /// <summary>One client: send a line, read the echo, until the deadline; then close.</summary>
    [Coroutine]
    private static async partial Coro<(long, long)> RunClient(int port, int id, double stopAt)
    {
        var loop = EventLoop.GetRunningLoop();
        var (reader, writer) = await Streams.OpenConnection("127.0.0.1", port);
        long good = 0, bad = 0;
        for (var n = 0; loop.Time < stopAt; n++)
        {
            var line = Encoding.ASCII.GetBytes($"client {id} says {n}\n");
            writer.Write(line);
            await writer.Drain();
            var echo = await reader.ReadLine();
            if (echo.AsSpan().SequenceEqual(line))
            {
                good++;
            }
            else
            {
                bad++;
            }
        }

        writer.Close();
        await writer.WaitClosed();
        return (good, bad);
    }
}
