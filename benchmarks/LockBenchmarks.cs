using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using CoroGen.Sync;

namespace CoroGen.Benchmarks;

/// <summary>
/// Two tasks each take a lock <see cref="Iterations"/> times: acquire, increment a shared
/// counter, release, and yield once per iteration. With <see cref="YieldInside"/> the yield is
/// inside the critical section, so the other task is always waiting: every release hands the
/// lock over to it (contended). Without, each acquire finds the lock free (uncontended).
/// Reported time is per acquire/release (2 x Iterations), including the yield.
/// </summary>
[MemoryDiagnoser]
public partial class LockBenchmarks : LoopBenchmarkBase
{
    /// <summary>Acquisitions per task.</summary>
    public const int Iterations = 10_000;

    private const int Acquisitions = 2 * Iterations;


    /// <summary>Whether each task yields while holding the lock (contended) or after releasing it.</summary>
    [Params(true, false)]
    public bool YieldInside { get; set; }


    /// <summary>Plain .NET: <c>SemaphoreSlim(1, 1).WaitAsync()/Release()</c>, <c>await Task.Yield()</c>, two <c>async Task</c> loops on the pump.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Acquisitions)]
    public int SemaphoreSlim_WaitAsync()
    {
        var inside = YieldInside;
        return Context.Run(() => SemaphorePair(inside));
    }

    /// <summary>CoroGen: <c>AsyncLock.Acquire()</c> (<c>using</c> releaser), <c>await Coro.Sleep(0)</c>, two spawned coroutines on the reused loop.</summary>
    [Benchmark(OperationsPerInvoke = Acquisitions)]
    public int CoroGen_AsyncLock() => Loop.RunUntilComplete(LockPair(YieldInside));

    [Coroutine]
    private static async partial Coro<int> LockWorker(AsyncLock gate, StrongBox<int> counter, bool yieldInside)
    {
        for (var i = 0; i < Iterations; i++)
        {
            using (await gate.Acquire())
            {
                counter.Value++;
                if (yieldInside)
                {
                    await Coro.Sleep(0);
                }
            }

            if (!yieldInside)
            {
                await Coro.Sleep(0);
            }
        }

        return counter.Value;
    }

    [Coroutine]
    private static async partial Coro<int> LockPair(bool yieldInside)
    {
        var gate = new AsyncLock();
        var counter = new StrongBox<int>();
        var a = Coro.Spawn(LockWorker(gate, counter, yieldInside));
        var b = Coro.Spawn(LockWorker(gate, counter, yieldInside));
        _ = await a;
        return await b;
    }

    private static async Task<int> SemaphoreWorker(SemaphoreSlim gate, StrongBox<int> counter, bool yieldInside)
    {
        for (var i = 0; i < Iterations; i++)
        {
            await gate.WaitAsync();
            try
            {
                counter.Value++;
                if (yieldInside)
                {
                    await Task.Yield();
                }
            }
            finally
            {
                gate.Release();
            }

            if (!yieldInside)
            {
                await Task.Yield();
            }
        }

        return counter.Value;
    }

    private static async Task<int> SemaphorePair(bool yieldInside)
    {
        using var gate = new SemaphoreSlim(1, 1);
        var counter = new StrongBox<int>();
        var a = SemaphoreWorker(gate, counter, yieldInside);
        var b = SemaphoreWorker(gate, counter, yieldInside);
        _ = await a;
        return await b;
    }
}
