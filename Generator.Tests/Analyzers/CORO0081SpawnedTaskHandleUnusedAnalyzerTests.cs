// CORO0081: a Coro.Spawn/loop.Spawn handle kept in a local that is never used.
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0081SpawnedTaskHandleUnusedAnalyzerTests
{
    [TestMethod]
    public Task UnusedHandles() => Verify<CORO0081SpawnedTaskHandleUnusedAnalyzer>.AnalyzerAsync("""
        using CoroGen;

        public static partial class Program
        {
            public static void Start(EventLoop loop)
            {
                var {|CORO0081:t|} = loop.Spawn(Child());
            }

            [Coroutine]
            private static async partial Coro Parent()
            {
                var {|CORO0081:a|} = Coro.Spawn(Child());
                CoroTask<int> {|CORO0081:b|} = Coro.Spawn(Value());
                await Child();
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """);

    [TestMethod]
    public Task UsedHandlesAndTaskGroupAreNotReported() => Verify<CORO0081SpawnedTaskHandleUnusedAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static CoroTask Start(EventLoop loop) { var t = loop.Spawn(Child()); return t; }

            public static async Task TaskBased() { var t = Task.Run(() => { }); await Task.Yield(); }

            [Coroutine]
            private static async partial Coro Parent(List<CoroTask> tasks)
            {
                var a = Coro.Spawn(Child()); await a;
                var b = Coro.Spawn(Child()); b.Cancel();
                var c = Coro.Spawn(Child()); tasks.Add(c);
                var d = Coro.Spawn(Child()); Action later = () => d.Cancel();
                await TaskGroup.Run(async g => { var e = g.Spawn(Child()); await Coro.Sleep(0); });
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);
}
