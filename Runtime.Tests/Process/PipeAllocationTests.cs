using CoroGen.Loop;
using CoroGen.Process;

namespace CoroGen.Tests.Process;

/// <summary>
/// Steady-state round trips of 64-byte messages through <c>cat</c> (stdin write and drain, stdout
/// read into caller memory) allocate nothing and make no <c>epoll_ctl</c> per message: the pipes
/// wait on persistent edge-triggered registrations, as sockets do. The measured window starts after
/// a warm-up (pools filled, registrations made, the JIT settled).
/// </summary>
[TestClass]
public sealed class PipeAllocationTests
{
    private const int Warmup = 2_000;
    private const int Measured = 10_000;
    private const int Windows = 3;
    private const int MessageSize = 64;

    private static async Coro<(long Bytes, long EpollCtl, int? Code)> CatRoundTrips()
    {
        var loop = EventLoop.GetRunningLoop();
        var p = await Subprocess.Exec("cat", stdin: Stdio.Pipe, stdout: Stdio.Pipe);
        var stdin = p.Stdin!;
        var stdout = p.Stdout!;
        var message = new byte[MessageSize];
        var reply = new byte[MessageSize];
        // Steady state is measured over several windows and the quietest one counts: a one-off
        // lazy allocation (seen once in CI: 32 B in 10,000 round trips) must not fail the test,
        // while anything allocated per message shows up in every window.
        long allocated = long.MaxValue, ctl = long.MaxValue;
        var i = 0;
        for (var window = -1; window < Windows; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var ctlBefore = loop.ReactorControlCalls;
            for (var end = i + (window < 0 ? Warmup : Measured); i < end; i++)
            {
                message[0] = (byte)i;
                message[MessageSize - 1] = (byte)(i >> 8);
                stdin.Write(message);
                await stdin.Drain();
                await stdout.ReadExactly(reply.AsMemory());
                if (reply[0] != (byte)i || reply[MessageSize - 1] != (byte)(i >> 8))
                {
                    throw new AssertFailedException($"message {i} came back as {reply[0]}/{reply[MessageSize - 1]}");
                }
            }

            if (window >= 0)
            {
                allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
                ctl = Math.Min(ctl, loop.ReactorControlCalls - ctlBefore);
            }
        }

        stdin.Close();
        await stdin.WaitClosed();
        var rest = await stdout.Read();
        Assert.AreEqual(0, rest.Length, "cat echoed more than it was sent");
        var code = await p.Wait();
        return (allocated, ctl, code);
    }

    [TestMethod]
    public void CatRoundTripsOfSixtyFourBytesAllocateNothingPerMessage()
    {
        using var loop = new EventLoop(new EventLoopOptions { ErrorWriter = TextWriter.Null });
        var (bytes, ctl, code) = loop.RunUntilComplete(Coro.WaitFor(CatRoundTrips(), TimeSpan.FromSeconds(120)));
        Assert.AreEqual(0, code);
        Assert.AreEqual(0L, bytes, $"bytes allocated over {Measured:N0} round trips through cat (the quietest of {Windows} windows): {bytes}");
        Assert.AreEqual(0L, ctl, $"epoll_ctl calls over the measured round trips: {ctl}");
    }
}
