namespace CoroGen.Tests.Tasks;

/// <summary>
/// The builder path's allocation promises: steady-state sleeping, spawning and awaiting cost
/// 0 bytes. Each test warms up (pools fill, the JIT settles), then measures the bytes this
/// thread allocated over many iterations inside the loop.
/// </summary>
[TestClass]
public sealed partial class AllocationTests
{
    private const int Warmup = 2_000;
    private const int Measured = 20_000;

    [Coroutine]
    private static async partial Coro<long> SleepZeroLoop()
    {
        for (var i = 0; i < Warmup; i++)
        {
            await Coro.Sleep(0);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Measured; i++)
        {
            await Coro.Sleep(0);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Coroutine]
    private static async partial Coro<int> Tiny(int i)
    {
        await Coro.Sleep(0);
        return i;
    }

    [Coroutine]
    private static async partial Coro<long> SpawnAwaitLoop()
    {
        var sum = 0L;
        for (var i = 0; i < Warmup; i++)
        {
            sum += await Coro.Spawn(Tiny(i));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Measured; i++)
        {
            sum += await Coro.Spawn(Tiny(i));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return sum > 0 ? allocated : -1;
    }

    [Coroutine]
    private static async partial Coro<int> Level(int depth)
    {
        if (depth == 0)
        {
            await Coro.Sleep(0);
            return 1;
        }

        return await Level(depth - 1) + 1;
    }

    [Coroutine]
    private static async partial Coro<long> DeepChainLoop()
    {
        var sum = 0L;
        for (var i = 0; i < Warmup; i++)
        {
            sum += await Level(10);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Measured; i++)
        {
            sum += await Level(10);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return sum > 0 ? allocated : -1;
    }

    [Coroutine]
    private static async partial Coro<long> FutureHandOffLoop()
    {
        var loop = EventLoop.GetRunningLoop();
        var before = 0L;
        for (var i = 0; i < Warmup + Measured; i++)
        {
            if (i == Warmup)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            var task = Coro.Spawn(Tiny(i));
            await Coro.Sleep(0);
            await task;
        }

        _ = loop;
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [TestMethod]
    public void SleepZeroAllocatesNothingPerIteration() =>
        Assert.AreEqual(0L, EventLoop.Run(SleepZeroLoop()), "bytes allocated over 20,000 sleep(0) switches");

    [TestMethod]
    public void SpawnAndAwaitAllocatesNothingPerIteration() =>
        Assert.AreEqual(0L, EventLoop.Run(SpawnAwaitLoop()), "bytes allocated over 20,000 spawn+await of a suspending coroutine");

    [TestMethod]
    public void AwaitingADepthTenChainAllocatesNothingPerCall() =>
        Assert.AreEqual(0L, EventLoop.Run(DeepChainLoop()), "bytes allocated over 20,000 calls of a depth-10 chain that suspends at the bottom");

    [TestMethod]
    public void AwaitingAnAlreadyRunningTaskAllocatesNothing() =>
        Assert.AreEqual(0L, EventLoop.Run(FutureHandOffLoop()), "bytes allocated over 20,000 spawn, yield, await rounds");
}
