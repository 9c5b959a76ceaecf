using CoroGen.Net;

namespace CoroGen.Benchmarks;

/// <summary>The stream-API echo server and closed-loop client shared by <see cref="EchoBenchmarks"/> and <see cref="TlsEchoBenchmarks"/> (plain or TLS alike).</summary>
internal static partial class EchoStreams
{
    /// <summary>Echoes every byte back through a 4 KiB buffer until EOF.</summary>
    [Coroutine]
    public static async partial Coro StreamEcho(AsyncStreamReader reader, AsyncStreamWriter writer)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var n = await reader.ReadInto(buffer);
            if (n == 0)
            {
                return;
            }

            writer.Write(buffer.AsSpan(0, n));
            await writer.Drain();
        }
    }

    /// <summary>Sends <paramref name="message"/> and reads its echo into <paramref name="reply"/>, <paramref name="roundTrips"/> times; returns the bytes received.</summary>
    [Coroutine]
    public static async partial Coro<long> StreamClient(AsyncStreamReader reader, AsyncStreamWriter writer, byte[] message, byte[] reply, int roundTrips)
    {
        var total = 0L;
        for (var r = 0; r < roundTrips; r++)
        {
            writer.Write(message);
            await writer.Drain();
            var received = 0;
            while (received < reply.Length)
            {
                var n = await reader.ReadInto(reply.AsMemory(received));
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
}
