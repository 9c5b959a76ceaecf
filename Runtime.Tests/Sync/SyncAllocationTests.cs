using CoroGen.Sync;

namespace CoroGen.Tests.Sync;

/// <summary>
/// The sync primitives' allocation promises: under contention between two tasks, acquiring and
/// releasing a lock or a semaphore, and waiting for and setting events, cost 0 bytes in steady
/// state. Each test warms up, then measures the bytes this thread allocated over many rounds
/// inside the loop (both tasks run on it).
/// </summary>
[TestClass]
public sealed partial class SyncAllocationTests
{
    private const int Warmup = 2_000;
    private const int Measured = 20_000;

    [Coroutine]
    private static async partial Coro LockPartner(AsyncLock gate, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            using (await gate.Acquire())
            {
                await Coro.Sleep(0);
            }
        }
    }

    [Coroutine]
    private static async partial Coro<long> LockContentionLoop()
    {
        var gate = new AsyncLock();
        var partner = Coro.Spawn(LockPartner(gate, Warmup + Measured));
        var before = 0L;
        var contended = 0;
        for (var i = 0; i < Warmup + Measured; i++)
        {
            if (i == Warmup)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            contended += gate.Locked ? 1 : 0;
            using (await gate.Acquire())
            {
                await Coro.Sleep(0);
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await partner;
        return contended > Measured ? allocated : -1;
    }

    [Coroutine]
    private static async partial Coro EventPartner(AsyncEvent ping, AsyncEvent pong, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            await ping.Wait();
            ping.Clear();
            pong.Set();
        }
    }

    [Coroutine]
    private static async partial Coro<long> EventPingPongLoop()
    {
        var ping = new AsyncEvent();
        var pong = new AsyncEvent();
        // One round more than measured: the partner is still waiting when the measurement ends, so
        // the first completion of its task type (a one-off cost) stays outside it.
        var partner = Coro.Spawn(EventPartner(ping, pong, Warmup + Measured + 1));
        var before = 0L;
        var waited = 0;
        for (var i = 0; i < Warmup + Measured; i++)
        {
            if (i == Warmup)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            ping.Set();
            waited += pong.IsSet ? 0 : 1;
            await pong.Wait();
            pong.Clear();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        ping.Set();
        await partner;
        return waited > Measured ? allocated : -1;
    }

    [Coroutine]
    private static async partial Coro SemaphorePartner(AsyncSemaphore semaphore, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            using (await semaphore.Acquire())
            {
                await Coro.Sleep(0);
            }
        }
    }

    [Coroutine]
    private static async partial Coro<long> SemaphoreContentionLoop()
    {
        var semaphore = new AsyncSemaphore(1);
        var partner = Coro.Spawn(SemaphorePartner(semaphore, Warmup + Measured));
        var before = 0L;
        var contended = 0;
        for (var i = 0; i < Warmup + Measured; i++)
        {
            if (i == Warmup)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            contended += semaphore.Locked ? 1 : 0;
            using (await semaphore.Acquire())
            {
                await Coro.Sleep(0);
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await partner;
        return contended > Measured ? allocated : -1;
    }

    [TestMethod]
    public void ContendedLockAcquireAndReleaseAllocateNothing() =>
        Assert.AreEqual(0L, EventLoop.Run(LockContentionLoop()), "bytes allocated over 20,000 contended acquire/release rounds (-1: no contention)");

    [TestMethod]
    public void EventPingPongAllocatesNothing() =>
        Assert.AreEqual(0L, EventLoop.Run(EventPingPongLoop()), "bytes allocated over 20,000 set/wait round trips (-1: the waits did not suspend)");

    [TestMethod]
    public void ContendedSemaphoreAcquireAndReleaseAllocateNothing() =>
        Assert.AreEqual(0L, EventLoop.Run(SemaphoreContentionLoop()), "bytes allocated over 20,000 contended acquire/release rounds (-1: no contention)");
}
