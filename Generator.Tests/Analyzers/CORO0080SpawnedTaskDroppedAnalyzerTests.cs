// CORO0080: a dropped Coro.Spawn/EventLoop.Spawn handle; TaskGroup.Spawn is exempt.
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0080SpawnedTaskDroppedAnalyzerTests
{
    [TestMethod]
    public Task DroppedSpawnHandles() => Verify<CORO0080SpawnedTaskDroppedAnalyzer>.AnalyzerAsync("""
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(EventLoop? other)
            {
                {|CORO0080:Coro.Spawn(Child())|};
                {|CORO0080:_ = Coro.Spawn(Value(), "named")|};
                {|CORO0080:EventLoop.GetRunningLoop().Spawn(Child())|};
                {|CORO0080:other?.Spawn(Child())|};
                await Coro.Sleep(0);
            }

            public static void Callback() => {|CORO0080:Coro.Spawn(Child())|};

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """);

    [TestMethod]
    public Task KeptHandlesAndTaskGroupChildrenAreNotReported() => Verify<CORO0080SpawnedTaskDroppedAnalyzer>.AnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            private static readonly List<CoroTask> s_background = new();

            [Coroutine]
            private static async partial Coro Parent()
            {
                var task = Coro.Spawn(Child());
                s_background.Add(Coro.Spawn(Child()));
                await TaskGroup.Run(async group =>
                {
                    group.Spawn(Child());
                    _ = group.Spawn(Value());
                    await Coro.Sleep(0);
                });
                await task;
            }

            public static async Task TaskBased()
            {
                _ = Task.Run(() => 1);
                await Task.Yield();
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """);

    [TestMethod]
    public Task PragmaIsTheOptOut() => Verify<CORO0080SpawnedTaskDroppedAnalyzer>.AnalyzerAsync("""
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent()
            {
        #pragma warning disable CORO0080 // fire-and-forget: Child logs its own failures
                Coro.Spawn(Child());
        #pragma warning restore CORO0080
                await Coro.Sleep(0);
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);
}
