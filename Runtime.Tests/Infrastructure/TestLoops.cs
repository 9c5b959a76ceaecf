using CoroGen.Loop;

namespace CoroGen.Tests.Infrastructure;

/// <summary>Creates loops for tests: virtual time by default so timer tests are exact and instant.</summary>
internal static class TestLoops
{
    public static EventLoop Virtual(out VirtualTimeProvider clock, TextWriter? errors = null)
    {
        clock = new VirtualTimeProvider();
        return new EventLoop(new EventLoopOptions { TimeProvider = clock, ErrorWriter = errors ?? TextWriter.Null });
    }

    public static EventLoop Virtual(TextWriter? errors = null) => Virtual(out _, errors);

    /// <summary>Runs <paramref name="main"/> on a fresh virtual-time loop and disposes it.</summary>
    public static T Run<T>(Func<Coro<T>> main)
    {
        using var runner = new Runner(loopFactory: () => Virtual());
        return runner.Run(main());
    }

    public static void Run(Func<Coro> main)
    {
        using var runner = new Runner(loopFactory: () => Virtual());
        runner.Run(main());
    }
}
