using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace CoroGen.Benchmarks;

/// <summary>
/// PERFORMANCE.md §4.6 (f): a chain of 10 distinct async methods (Level1 awaits Level2 ... awaits
/// Level10, the leaf). Category <c>Sync</c>: the leaf returns without awaiting (variant A).
/// Category <c>Suspend</c>: the leaf awaits one yield (<c>Coro.Sleep(0)</c> / <c>Task.Yield()</c>),
/// so the whole chain suspends and resumes once (variant B). Reported time is per chain call.
/// Each category has its own baseline (<c>async Task&lt;int&gt;</c>).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public partial class AwaitDepthBenchmarks : LoopBenchmarkBase
{
    /// <summary>Chain calls per invocation.</summary>
    public const int Iterations = 10_000;



    /// <summary>Reference: the same 10-level chain as plain (non-async) methods.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Sync")]
    public int Plain_Sync()
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += PlainLevel1(i);
        }

        return sum;
    }

    /// <summary>Plain .NET <c>async Task&lt;int&gt;</c> chain, leaf completes synchronously.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Sync")]
    public int Task_Sync() => Context.Run(static () => TaskDriver(false));

    /// <summary>Pooled <c>async ValueTask&lt;int&gt;</c> chain, leaf completes synchronously.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Sync")]
    public int PooledValueTask_Sync() => Context.Run(static () => PooledDriver(false));

    /// <summary>CoroGen coroutine chain on the machine path (generated struct machines, inlined), leaf completes synchronously.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Sync")]
    public int CoroGen_Sync() => Loop.RunUntilComplete(CoroDriver(false));

    /// <summary>The same chain on CoroGen's builder path (C# compiler's state machines in pooled boxes).</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Sync")]
    public int CoroGenBuilder_Sync() => Loop.RunUntilComplete(BuilderDriver(false));

    /// <summary>Plain .NET <c>async Task&lt;int&gt;</c> chain, leaf does one <c>Task.Yield()</c>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Suspend")]
    public int Task_Suspend() => Context.Run(static () => TaskDriver(true));

    /// <summary>Pooled <c>async ValueTask&lt;int&gt;</c> chain, leaf does one <c>Task.Yield()</c>.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Suspend")]
    public int PooledValueTask_Suspend() => Context.Run(static () => PooledDriver(true));

    /// <summary>CoroGen coroutine chain on the machine path, leaf does one <c>Coro.Sleep(0)</c>.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Suspend")]
    public int CoroGen_Suspend() => Loop.RunUntilComplete(CoroDriver(true));

    /// <summary>The same chain on CoroGen's builder path.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Suspend")]
    public int CoroGenBuilder_Suspend() => Loop.RunUntilComplete(BuilderDriver(true));

    /// <summary>Depth 1, <c>async Task&lt;int&gt;</c>: the driver awaits the leaf directly, which yields once.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Depth1_Suspend")]
    public int Task_Depth1_Suspend() => Context.Run(static () => TaskDriver1(true));

    /// <summary>Depth 1, pooled <c>async ValueTask&lt;int&gt;</c>.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Depth1_Suspend")]
    public int PooledValueTask_Depth1_Suspend() => Context.Run(static () => PooledDriver1(true));

    /// <summary>Depth 1, CoroGen machine path (the leaf's machine inlined into the driver's).</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Depth1_Suspend")]
    public int CoroGen_Depth1_Suspend() => Loop.RunUntilComplete(CoroDriver1(true));

    /// <summary>Depth 1, CoroGen builder path.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Depth1_Suspend")]
    public int CoroGenBuilder_Depth1_Suspend() => Loop.RunUntilComplete(BuilderDriver1(true));

    /// <summary>Depth 1, <c>async Task&lt;int&gt;</c>, the leaf completes synchronously.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Depth1_Sync")]
    public int Task_Depth1_Sync() => Context.Run(static () => TaskDriver1(false));

    /// <summary>Depth 1, pooled <c>async ValueTask&lt;int&gt;</c>, synchronous leaf.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Depth1_Sync")]
    public int PooledValueTask_Depth1_Sync() => Context.Run(static () => PooledDriver1(false));

    /// <summary>Depth 1, CoroGen machine path, synchronous leaf.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Depth1_Sync")]
    public int CoroGen_Depth1_Sync() => Loop.RunUntilComplete(CoroDriver1(false));

    /// <summary>Depth 1, CoroGen builder path, synchronous leaf.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    [BenchmarkCategory("Depth1_Sync")]
    public int CoroGenBuilder_Depth1_Sync() => Loop.RunUntilComplete(BuilderDriver1(false));

    // ---- CoroGen ----

    [Coroutine]
    private static async partial Coro<int> CoroDriver1(bool suspend)
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += await CoroLevel10(suspend, i);
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<int> CoroDriver(bool suspend)
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += await CoroLevel1(suspend, i);
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<int> CoroLevel1(bool suspend, int i)
    {
        return await CoroLevel2(suspend, i) + 1;
    }

    [Coroutine]
    private static async partial Coro<int> CoroLevel2(bool suspend, int i)
    {
        return await CoroLevel3(suspend, i) + 1;
    }

    [Coroutine]
    private static async partial Coro<int> CoroLevel3(bool suspend, int i)
    {
        return await CoroLevel4(suspend, i) + 1;
    }

    [Coroutine]
    private static async partial Coro<int> CoroLevel4(bool suspend, int i)
    {
        return await CoroLevel5(suspend, i) + 1;
    }

    [Coroutine]
    private static async partial Coro<int> CoroLevel5(bool suspend, int i)
    {
        return await CoroLevel6(suspend, i) + 1;
    }

    [Coroutine]
    private static async partial Coro<int> CoroLevel6(bool suspend, int i)
    {
        return await CoroLevel7(suspend, i) + 1;
    }

    [Coroutine]
    private static async partial Coro<int> CoroLevel7(bool suspend, int i)
    {
        return await CoroLevel8(suspend, i) + 1;
    }

    [Coroutine]
    private static async partial Coro<int> CoroLevel8(bool suspend, int i)
    {
        return await CoroLevel9(suspend, i) + 1;
    }

    [Coroutine]
    private static async partial Coro<int> CoroLevel9(bool suspend, int i)
    {
        return await CoroLevel10(suspend, i) + 1;
    }

    [Coroutine]
    private static async partial Coro<int> CoroLevel10(bool suspend, int i)
    {
        if (suspend)
        {
            await Coro.Sleep(0);
        }

        return i + 100;
    }

    // ---- CoroGen builder path: the same chain as plain async Coro methods (no [Coroutine], so
    //      the C# compiler lowers them through CoroGen's pooled builder and nothing is intercepted) ----

#pragma warning disable CORO0003 // deliberately not [Coroutine]: this is the builder-path baseline
    private static async Coro<int> BuilderDriver(bool suspend)
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += await BuilderLevel1(suspend, i);
        }

        return sum;
    }

    private static async Coro<int> BuilderLevel1(bool suspend, int i)
    {
        return await BuilderLevel2(suspend, i) + 1;
    }

    private static async Coro<int> BuilderLevel2(bool suspend, int i)
    {
        return await BuilderLevel3(suspend, i) + 1;
    }

    private static async Coro<int> BuilderLevel3(bool suspend, int i)
    {
        return await BuilderLevel4(suspend, i) + 1;
    }

    private static async Coro<int> BuilderLevel4(bool suspend, int i)
    {
        return await BuilderLevel5(suspend, i) + 1;
    }

    private static async Coro<int> BuilderLevel5(bool suspend, int i)
    {
        return await BuilderLevel6(suspend, i) + 1;
    }

    private static async Coro<int> BuilderLevel6(bool suspend, int i)
    {
        return await BuilderLevel7(suspend, i) + 1;
    }

    private static async Coro<int> BuilderLevel7(bool suspend, int i)
    {
        return await BuilderLevel8(suspend, i) + 1;
    }

    private static async Coro<int> BuilderLevel8(bool suspend, int i)
    {
        return await BuilderLevel9(suspend, i) + 1;
    }

    private static async Coro<int> BuilderLevel9(bool suspend, int i)
    {
        return await BuilderLevel10(suspend, i) + 1;
    }

    private static async Coro<int> BuilderLevel10(bool suspend, int i)
    {
        if (suspend)
        {
            await Coro.Sleep(0);
        }

        return i + 100;
    }

    private static async Coro<int> BuilderDriver1(bool suspend)
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += await BuilderLevel10(suspend, i);
        }

        return sum;
    }
#pragma warning restore CORO0003

    // ---- async Task<int> ----

    private static async Task<int> TaskDriver1(bool suspend)
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += await TaskLevel10(suspend, i);
        }

        return sum;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PooledDriver1(bool suspend)
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += await PooledLevel10(suspend, i);
        }

        return sum;
    }

    private static async Task<int> TaskDriver(bool suspend)
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += await TaskLevel1(suspend, i);
        }

        return sum;
    }

    private static async Task<int> TaskLevel1(bool suspend, int i)
    {
        return await TaskLevel2(suspend, i) + 1;
    }

    private static async Task<int> TaskLevel2(bool suspend, int i)
    {
        return await TaskLevel3(suspend, i) + 1;
    }

    private static async Task<int> TaskLevel3(bool suspend, int i)
    {
        return await TaskLevel4(suspend, i) + 1;
    }

    private static async Task<int> TaskLevel4(bool suspend, int i)
    {
        return await TaskLevel5(suspend, i) + 1;
    }

    private static async Task<int> TaskLevel5(bool suspend, int i)
    {
        return await TaskLevel6(suspend, i) + 1;
    }

    private static async Task<int> TaskLevel6(bool suspend, int i)
    {
        return await TaskLevel7(suspend, i) + 1;
    }

    private static async Task<int> TaskLevel7(bool suspend, int i)
    {
        return await TaskLevel8(suspend, i) + 1;
    }

    private static async Task<int> TaskLevel8(bool suspend, int i)
    {
        return await TaskLevel9(suspend, i) + 1;
    }

    private static async Task<int> TaskLevel9(bool suspend, int i)
    {
        return await TaskLevel10(suspend, i) + 1;
    }

    private static async Task<int> TaskLevel10(bool suspend, int i)
    {
        if (suspend)
        {
            await Task.Yield();
        }

        return i + 100;
    }

    // ---- pooled async ValueTask<int> ----

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PooledDriver(bool suspend)
    {
        var sum = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sum += await PooledLevel1(suspend, i);
        }

        return sum;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PooledLevel1(bool suspend, int i)
    {
        return await PooledLevel2(suspend, i) + 1;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PooledLevel2(bool suspend, int i)
    {
        return await PooledLevel3(suspend, i) + 1;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PooledLevel3(bool suspend, int i)
    {
        return await PooledLevel4(suspend, i) + 1;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PooledLevel4(bool suspend, int i)
    {
        return await PooledLevel5(suspend, i) + 1;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PooledLevel5(bool suspend, int i)
    {
        return await PooledLevel6(suspend, i) + 1;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PooledLevel6(bool suspend, int i)
    {
        return await PooledLevel7(suspend, i) + 1;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PooledLevel7(bool suspend, int i)
    {
        return await PooledLevel8(suspend, i) + 1;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PooledLevel8(bool suspend, int i)
    {
        return await PooledLevel9(suspend, i) + 1;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PooledLevel9(bool suspend, int i)
    {
        return await PooledLevel10(suspend, i) + 1;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> PooledLevel10(bool suspend, int i)
    {
        if (suspend)
        {
            await Task.Yield();
        }

        return i + 100;
    }

    // ---- plain methods ----

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int PlainLevel1(int i) => PlainLevel2(i) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int PlainLevel2(int i) => PlainLevel3(i) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int PlainLevel3(int i) => PlainLevel4(i) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int PlainLevel4(int i) => PlainLevel5(i) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int PlainLevel5(int i) => PlainLevel6(i) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int PlainLevel6(int i) => PlainLevel7(i) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int PlainLevel7(int i) => PlainLevel8(i) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int PlainLevel8(int i) => PlainLevel9(i) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int PlainLevel9(int i) => PlainLevel10(i) + 1;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int PlainLevel10(int i) => i + 100;
}
