using BenchmarkDotNet.Attributes;
using CoroGen.CompilerServices;

namespace CoroGen.Benchmarks;

/// <summary>
/// PERFORMANCE.md §4.2 (b): two tasks ping-pong through the ready queue, each doing
/// <see cref="Iterations"/> yields. Reported time is per switch (total yields = 2 x Iterations).
/// </summary>
[MemoryDiagnoser]
public partial class SwitchBenchmarks : LoopBenchmarkBase
{
    /// <summary>Yields per task.</summary>
    public const int Iterations = 10_000;

    private const int Switches = 2 * Iterations;



    /// <summary>Plain .NET: two <c>async Task</c> loops of <c>await Task.Yield()</c> on a single-threaded context.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Switches)]
    public int Task_Yield() => Context.Run(static () => TaskPingPong());

    /// <summary>Plain .NET: the same with <c>async ValueTask</c> methods (default builder).</summary>
    [Benchmark(OperationsPerInvoke = Switches)]
    public int ValueTask_Yield() => Context.Run(static () => ValueTaskPingPong());

    /// <summary>CoroGen builder path: the same workers as plain <c>async Coro</c> methods (no generator machine).</summary>
    [Benchmark(OperationsPerInvoke = Switches)]
    public int CoroGenBuilder_Sleep0() => Loop.RunUntilComplete(BuilderPingPong());

    /// <summary>CoroGen machine path: two spawned generated machines of <c>await Coro.Sleep(0)</c> on a reused loop.</summary>
    [Benchmark(OperationsPerInvoke = Switches)]
    public int CoroGen_Sleep0() => Loop.RunUntilComplete(CoroPingPong());

    /// <summary>CoroGen: the same through <c>EventLoop.Run</c> (a new loop per invocation, amortised).</summary>
    [Benchmark(OperationsPerInvoke = Switches)]
    public int CoroGen_Sleep0_EventLoopRun() => EventLoop.Run(CoroPingPong());

    /// <summary>The same workers as hand-lowered struct machines (<see cref="SleepLoopMachine"/>): what the generator should match.</summary>
    [Benchmark(OperationsPerInvoke = Switches)]
    public int CoroGen_Sleep0_MachinePath() => Loop.RunUntilComplete(MachinePingPong());

    [Coroutine]
    private static async partial Coro<int> MachinePingPong()
    {
        var loop = EventLoop.GetRunningLoop();
        var a = MachineTasks.Spawn<SleepLoopMachine, int>(loop, new SleepLoopMachine(Iterations));
        var b = MachineTasks.Spawn<SleepLoopMachine, int>(loop, new SleepLoopMachine(Iterations));
        return await a + await b;
    }

    [Coroutine]
    private static async partial Coro<int> CoroWorker(int n)
    {
        for (var i = 0; i < n; i++)
        {
            await Coro.Sleep(0);
        }

        return n;
    }

#pragma warning disable CORO0003 // deliberately not [Coroutine]: the builder-path baseline
    private static async Coro<int> BuilderWorker(int n)
    {
        for (var i = 0; i < n; i++)
        {
            await Coro.Sleep(0);
        }

        return n;
    }

    private static async Coro<int> BuilderPingPong()
    {
        var a = Coro.Spawn(BuilderWorker(Iterations));
        var b = Coro.Spawn(BuilderWorker(Iterations));
        return await a + await b;
    }
#pragma warning restore CORO0003

    [Coroutine]
    private static async partial Coro<int> CoroPingPong()
    {
        var a = Coro.Spawn(CoroWorker(Iterations));
        var b = Coro.Spawn(CoroWorker(Iterations));
        return await a + await b;
    }

    private static async Task<int> TaskWorker(int n)
    {
        for (var i = 0; i < n; i++)
        {
            await Task.Yield();
        }

        return n;
    }

    private static async Task<int> TaskPingPong()
    {
        var a = TaskWorker(Iterations);
        var b = TaskWorker(Iterations);
        return await a + await b;
    }

    private static async ValueTask<int> ValueTaskWorker(int n)
    {
        for (var i = 0; i < n; i++)
        {
            await Task.Yield();
        }

        return n;
    }

    private static async ValueTask<int> ValueTaskPingPong()
    {
        var a = ValueTaskWorker(Iterations);
        var b = ValueTaskWorker(Iterations);
        return await a + await b;
    }
}
