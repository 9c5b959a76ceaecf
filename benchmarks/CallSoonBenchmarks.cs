using BenchmarkDotNet.Attributes;

namespace CoroGen.Benchmarks;

/// <summary>
/// Ready-queue throughput: one callback reschedules itself <see cref="Iterations"/> times, then
/// stops the loop (asyncio's <c>call_soon</c> chain, PERFORMANCE.md §2.2 notes). Reported time is
/// per callback hop.
/// </summary>
[MemoryDiagnoser]
public class CallSoonBenchmarks
{
    /// <summary>Callback hops per invocation.</summary>
    public const int Iterations = 100_000;

    private EventLoop _loop = null!;
    private SingleThreadSynchronizationContext _context = null!;
    private LoopChain _loopChain = null!;
    private ContextChain _contextChain = null!;

    /// <summary>Creates the reused loop, pump and chain states.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _loop = new EventLoop();
        _context = new SingleThreadSynchronizationContext();
        _loopChain = new LoopChain(_loop);
        _contextChain = new ContextChain(_context);
    }

    /// <summary>Closes the loop.</summary>
    [GlobalCleanup]
    public void Cleanup() => _loop.Dispose();

    /// <summary>Plain .NET: <c>SynchronizationContext.Post</c> chain on the single-threaded pump.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Iterations)]
    public int SyncContext_Post()
    {
        _contextChain.Remaining = Iterations;
        _context.Post(ContextChain.Step, _contextChain);
        _context.RunUntilStopped();
        return _contextChain.Remaining;
    }

    /// <summary>CoroGen: <c>loop.CallSoon(static s =&gt; ..., state)</c> chain, then <c>RunForever</c> until <c>Stop</c>.</summary>
    [Benchmark(OperationsPerInvoke = Iterations)]
    public int CoroGen_CallSoon()
    {
        _loopChain.Remaining = Iterations;
        _loop.CallSoon(LoopChain.Step, _loopChain);
        _loop.RunForever();
        return _loopChain.Remaining;
    }

    private sealed class LoopChain(EventLoop loop)
    {
        public static readonly Action<LoopChain> Step = static s =>
        {
            if (--s.Remaining > 0)
            {
                s.Loop.CallSoon(Step!, s);
            }
            else
            {
                s.Loop.Stop();
            }
        };

        public EventLoop Loop { get; } = loop;

        public int Remaining { get; set; }
    }

    private sealed class ContextChain(SingleThreadSynchronizationContext context)
    {
        public static readonly SendOrPostCallback Step = static state =>
        {
            var s = (ContextChain)state!;
            if (--s.Remaining > 0)
            {
                s.Context.Post(Step!, s);
            }
            else
            {
                s.Context.Stop();
            }
        };

        public SingleThreadSynchronizationContext Context { get; } = context;

        public int Remaining { get; set; }
    }
}
