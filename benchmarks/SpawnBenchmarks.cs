using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace CoroGen.Benchmarks;

/// <summary>
/// PERFORMANCE.md §4.3 (c)(i), sequential: for <see cref="Iterations"/> iterations start a tiny
/// task returning an int and await it at once. Reported time is per spawned task.
/// </summary>
[MemoryDiagnoser]
public partial class SpawnBenchmarks : LoopBenchmarkBase
{
    /// <summary>Tasks per invocation.</summary>
    public const int Iterations = 10_000;



    /// <summary>Plain .NET: <c>await Tiny(i)</c> where Tiny is <c>async Task&lt;int&gt;</c> doing one <c>Task.Yield</c>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Iterations)]
    public int Task_Yield1() => Context.Run(static () => TaskDriver());

    /// <summary>Plain .NET: the same with a pooled <c>async ValueTask&lt;int&gt;</c> Tiny.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public int PooledValueTask_Yield1() => Context.Run(static () => PooledDriver());

    /// <summary>CoroGen: <c>await Coro.Spawn(Tiny(i))</c>, Tiny returns at once (never suspends).</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public int CoroGen_Spawn_NoSuspend() => Loop.RunUntilComplete(SpawnDriverSync());

    /// <summary>CoroGen: <c>await Coro.Spawn(Tiny(i), eagerStart: true)</c>, Tiny returns at once: done inside Spawn, never scheduled.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public int CoroGen_Spawn_NoSuspend_Eager() => Loop.RunUntilComplete(SpawnDriverEager());

    /// <summary>CoroGen: <c>await Coro.Spawn(Tiny(i))</c>, Tiny does one <c>await Coro.Sleep(0)</c> (suspends once, like the .NET rows).</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public int CoroGen_Spawn_Sleep0() => Loop.RunUntilComplete(SpawnDriverSuspend());

    /// <summary>CoroGen builder path: <c>await Coro.Spawn(Tiny(i))</c>, Tiny does one <c>Coro.Sleep(0)</c>.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public int CoroGenBuilder_Spawn_Sleep0() => Loop.RunUntilComplete(BuilderSpawnDriver());

#pragma warning disable CORO0003 // deliberately not [Coroutine]: the builder-path baseline
    private static async Coro<int> BuilderTiny(int i)
    {
        await Coro.Sleep(0);
        return i;
    }

    private static async Coro<int> BuilderSpawnDriver()
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += await Coro.Spawn(BuilderTiny(i));
        }

        return sum;
    }
#pragma warning restore CORO0003

#pragma warning disable CS1998 // The leaf deliberately completes synchronously.
    [Coroutine]
    private static async partial Coro<int> TinySync(int i)
    {
        return i;
    }
#pragma warning restore CS1998

    [Coroutine]
    private static async partial Coro<int> TinySuspend(int i)
    {
        await Coro.Sleep(0);
        return i;
    }

    [Coroutine]
    private static async partial Coro<int> SpawnDriverSync()
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += await Coro.Spawn(TinySync(i));
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<int> SpawnDriverEager()
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += await Coro.Spawn(TinySync(i), eagerStart: true);
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<int> SpawnDriverSuspend()
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += await Coro.Spawn(TinySuspend(i));
        }

        return sum;
    }

    private static async Task<int> TaskTiny(int i)
    {
        await Task.Yield();
        return i;
    }

    private static async Task<int> TaskDriver()
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += await TaskTiny(i);
        }

        return sum;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PooledTiny(int i)
    {
        await Task.Yield();
        return i;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PooledDriver()
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += await PooledTiny(i);
        }

        return sum;
    }
}
