using BenchmarkDotNet.Running;

namespace CoroGen.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project benchmarks -- --filter '*'</c> for the
/// BenchmarkDotNet suites, or <c>-- --echo-latency [--seconds 2] [--warmup 0.5] [--runs 1]</c> for the echo
/// latency harness (<see cref="EchoLatency"/>).
/// </summary>
public static class Program
{
    /// <summary>Runs the echo latency harness or the benchmarks selected on the command line.</summary>
    public static int Main(string[] args)
    {
        if (args.Contains("--echo-latency"))
        {
            return EchoLatency.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
