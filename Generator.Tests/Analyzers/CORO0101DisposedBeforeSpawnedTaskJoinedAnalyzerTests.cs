// CORO0101: a using-disposed local passed to a spawned coroutine whose handle is not awaited in
// the using's scope.
using CoroGen.Analyzers.Rules;
using Microsoft.CodeAnalysis.Testing;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0101DisposedBeforeSpawnedTaskJoinedAnalyzerTests
{
    [TestMethod]
    public Task SpawnsThatOutliveTheUsing() => Verify<CORO0101DisposedBeforeSpawnedTaskJoinedAnalyzer>.AnalyzerAsync(
        """
        using System.IO;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(EventLoop loop)
            {
                CoroTask later;
                using (var stream = new MemoryStream())
                {
                    _ = Coro.Spawn(Use({|#0:stream|}));
                    later = loop.Spawn(Use({|#1:stream|}));
                }

                await later;

                using var reader = new StringReader("x");
                CoroTask<int> task = Coro.Spawn(Count({|#2:reader|}));
                await TaskGroup.Run(async group =>
                {
                    using var inner = new MemoryStream();
                    group.Spawn(Use({|#3:inner|}));
                    await Coro.Sleep(0);
                });
            }

            [Coroutine]
            private static async partial Coro AsyncDisposal()
            {
                await using (var stream = new MemoryStream())
                {
                    Coro.Spawn(Use({|#5:stream|}));
                    await Coro.Sleep(0);
                }
            }

            public static void Start()
            {
                var stream = new MemoryStream();
                using (stream)
                {
                    Coro.Spawn(Use({|#4:stream|}));
                }
            }

            [Coroutine]
            private static async partial Coro Use(Stream stream) { await Coro.Sleep(0); stream.WriteByte(1); }

            [Coroutine]
            private static async partial Coro<int> Count(TextReader reader) { await Coro.Sleep(0); return reader.Peek(); }
        }
        """,
        new DiagnosticResult(CORO0101DisposedBeforeSpawnedTaskJoinedAnalyzer.Rule).WithLocation(0).WithArguments("stream", "Use"),
        new DiagnosticResult(CORO0101DisposedBeforeSpawnedTaskJoinedAnalyzer.Rule).WithLocation(1).WithArguments("stream", "Use"),
        new DiagnosticResult(CORO0101DisposedBeforeSpawnedTaskJoinedAnalyzer.Rule).WithLocation(2).WithArguments("reader", "Count"),
        new DiagnosticResult(CORO0101DisposedBeforeSpawnedTaskJoinedAnalyzer.Rule).WithLocation(3).WithArguments("inner", "Use"),
        new DiagnosticResult(CORO0101DisposedBeforeSpawnedTaskJoinedAnalyzer.Rule).WithLocation(4).WithArguments("stream", "Use"),
        new DiagnosticResult(CORO0101DisposedBeforeSpawnedTaskJoinedAnalyzer.Rule).WithLocation(5).WithArguments("stream", "Use"));

    [TestMethod]
    public Task JoinedOrUnrelatedSpawnsAreNotReported() => Verify<CORO0101DisposedBeforeSpawnedTaskJoinedAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            private static CoroTask s_field;

            [Coroutine]
            private static async partial Coro Parent(List<CoroTask> tasks)
            {
                using (var stream = new MemoryStream())
                {
                    await Coro.Spawn(Use(stream));
                    var task = Coro.Spawn(Use(stream));
                    await Coro.Sleep(0);
                    await task;
                    await Join(Coro.Spawn(Use(stream)), Coro.Spawn(Use(stream)));
                    tasks.Add(Coro.Spawn(Use(stream)));
                    s_field = Coro.Spawn(Use(stream));
                }

                var outside = new MemoryStream();
                Coro.Spawn(Use(outside));

                using var reader = new StringReader("x");
                await TaskGroup.Run(async group =>
                {
                    group.Spawn(Count(reader));
                    await Coro.Sleep(0);
                });
                Action later = () => Coro.Spawn(Count(reader));
                CoroTask<int> counted = Coro.Spawn(Count(reader));
                Console.WriteLine(await counted);
            }

            public static async Task TaskBased()
            {
                using var stream = new MemoryStream();
                await Task.Run(() => stream.WriteByte(1));
                _ = Task.Run(() => stream.WriteByte(1));
            }

            [Coroutine]
            private static async partial Coro Use(Stream stream) { await Coro.Sleep(0); stream.WriteByte(1); }

            [Coroutine]
            private static async partial Coro<int> Count(TextReader reader) { await Coro.Sleep(0); return reader.Peek(); }

            [Coroutine]
            private static async partial Coro Join(CoroTask first, CoroTask second) { await first; await second; }
        }
        """);
}
