using BenchmarkDotNet.Attributes;

namespace CoroGen.Benchmarks;

/// <summary>
/// What every side-by-side benchmark needs: one reused CoroGen <see cref="EventLoop"/> and one
/// single-threaded pump for the plain .NET peer, so both run on one thread with no thread pool.
/// </summary>
public abstract class LoopBenchmarkBase
{
    /// <summary>The reused CoroGen loop.</summary>
    protected EventLoop Loop { get; private set; } = null!;

    /// <summary>The pump the plain .NET rows run on.</summary>
    protected SingleThreadSynchronizationContext Context { get; private set; } = null!;

    /// <summary>Creates the loop and the pump.</summary>
    [GlobalSetup]
    public void CreateLoopAndPump()
    {
        Loop = new EventLoop();
        Context = new SingleThreadSynchronizationContext();
    }

    /// <summary>Closes the loop.</summary>
    [GlobalCleanup]
    public void CloseLoop() => Loop.Dispose();
}
