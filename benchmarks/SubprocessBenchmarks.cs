using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CoroGen.Process;

namespace CoroGen.Benchmarks;

/// <summary>
/// PERFORMANCE.md §4.9: subprocess spawn, a pipe round trip and a large pipe read (libuv's
/// <c>benchmark-spawn.c</c> and <c>pump</c> shapes), CoroGen's <see cref="Subprocess"/> next to
/// <see cref="System.Diagnostics.Process"/> with redirected streams awaited on the single-threaded pump.
/// Category <c>Spawn</c>: start <c>true</c> and wait for its exit (per child). <c>RoundTrip</c>: one
/// <c>cat</c> started per invocation, then 64-byte messages written and read back (per message).
/// <c>Pump</c>: read 32 MiB that <c>head -c</c> writes to stdout (per invocation).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public partial class SubprocessBenchmarks : LoopBenchmarkBase
{
    /// <summary>Children per Spawn invocation.</summary>
    public const int Children = 20;

    /// <summary>Messages per RoundTrip invocation.</summary>
    public const int Messages = 2_000;

    /// <summary>Bytes per Pump invocation.</summary>
    public const int PumpBytes = 32 * 1024 * 1024;

    private static readonly byte[] Message = new byte[64];

    /// <summary>Plain .NET: <c>Process.Start("true")</c> then <c>await WaitForExitAsync()</c>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Children)]
    [BenchmarkCategory("Spawn")]
    public int Process_StartWait() => Context.Run(static () => ProcessSpawn());

    /// <summary>CoroGen: <c>await Subprocess.Exec("true")</c> then <c>await Wait()</c>.</summary>
    [Benchmark(OperationsPerInvoke = Children)]
    [BenchmarkCategory("Spawn")]
    public int CoroGen_ExecWait() => Loop.RunUntilComplete(ExecSpawn());

    /// <summary>Plain .NET: <c>cat</c> with redirected stdin/stdout streams, write+flush then read back 64 B.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    [BenchmarkCategory("RoundTrip")]
    public int Process_RoundTrip() => Context.Run(static () => ProcessRoundTrip());

    /// <summary>CoroGen: <c>cat</c> with piped stdin/stdout, <c>Write</c>+<c>Drain</c> then <c>ReadExactly(64)</c>.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory("RoundTrip")]
    public int CoroGen_RoundTrip() => Loop.RunUntilComplete(ExecRoundTrip());

    /// <summary>Plain .NET: read redirected stdout's base stream into a 64 KiB buffer until EOF.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Pump")]
    public long Process_Pump() => Context.Run(static () => ProcessPump());

    /// <summary>CoroGen: <c>Stdout.ReadInto</c> a 64 KiB buffer until EOF.</summary>
    [Benchmark]
    [BenchmarkCategory("Pump")]
    public long CoroGen_Pump() => Loop.RunUntilComplete(ExecPump());

    private static async Task<int> ProcessSpawn()
    {
        var sum = 0;
        for (var i = 0; i < Children; i++)
        {
            using var p = System.Diagnostics.Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
            await p.WaitForExitAsync();
            sum += p.ExitCode;
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<int> ExecSpawn()
    {
        var sum = 0;
        for (var i = 0; i < Children; i++)
        {
            var p = await Subprocess.Exec("true");
            sum += await p.Wait();
        }

        return sum;
    }

    private static async Task<int> ProcessRoundTrip()
    {
        using var p = System.Diagnostics.Process.Start(new ProcessStartInfo("cat") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true })!;
        var input = p.StandardInput.BaseStream;
        var output = p.StandardOutput.BaseStream;
        var buffer = new byte[64];
        var total = 0;
        for (var i = 0; i < Messages; i++)
        {
            await input.WriteAsync(Message);
            await input.FlushAsync();
            var got = 0;
            while (got < buffer.Length)
            {
                got += await output.ReadAsync(buffer.AsMemory(got));
            }

            total += got;
        }

        p.StandardInput.Close();
        await p.WaitForExitAsync();
        return total;
    }

    [Coroutine]
    private static async partial Coro<int> ExecRoundTrip()
    {
        var p = await Subprocess.Exec("cat", stdin: Stdio.Pipe, stdout: Stdio.Pipe);
        var total = 0;
        for (var i = 0; i < Messages; i++)
        {
            p.Stdin!.Write(Message);
            await p.Stdin.Drain();
            var echoed = await p.Stdout!.ReadExactly(Message.Length);
            total += echoed.Length;
        }

        await p.Communicate();
        return total;
    }

    private static async Task<long> ProcessPump()
    {
        using var p = System.Diagnostics.Process.Start(new ProcessStartInfo("head", ["-c", PumpBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "/dev/zero"]) { UseShellExecute = false, RedirectStandardOutput = true })!;
        var output = p.StandardOutput.BaseStream;
        var buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = await output.ReadAsync(buffer)) > 0)
        {
            total += n;
        }

        await p.WaitForExitAsync();
        return total;
    }

    [Coroutine]
    private static async partial Coro<long> ExecPump()
    {
        var p = await Subprocess.Exec("head", ["-c", PumpBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "/dev/zero"], stdout: Stdio.Pipe);
        var buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = await p.Stdout!.ReadInto(buffer)) > 0)
        {
            total += n;
        }

        await p.Wait();
        return total;
    }
}
