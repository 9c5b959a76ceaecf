// CORO0062: coroutines (functions) passed to loop APIs that call a plain callback.
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0062CoroutineAsCallbackAnalyzerTests
{
    [TestMethod]
    public Task CoroutinesGivenAsCallbacks() => Verify<CORO0062CoroutineAsCallbackAnalyzer>.AnalyzerAsync("""
        using System;
        using CoroGen;

        public static partial class Program
        {
            public static void Schedule(EventLoop loop, Future<int> future, CoroTask task)
            {
                loop.CallSoon({|CORO0062:() => Child()|});
                loop.CallSoon({|CORO0062:state => WithArg(state)|}, 1);
                loop.CallLater(TimeSpan.FromSeconds(1), {|CORO0062:() => { Child(); }|});
                loop.CallAt(loop.Time + 1, {|CORO0062:() => Child()|});
                loop.CallSoonThreadSafe({|CORO0062:() => Child()|});
                future.AddDoneCallback({|CORO0062:f => WithArg(f.Result)|});
                task.AddDoneCallback({|CORO0062:t => Child()|});
                loop.RunInExecutor({|CORO0062:Value|});
                loop.RunInExecutor({|CORO0062:() => Value()|});
            }

            [Coroutine]
            private static async partial Coro Parent()
            {
                await Coro.ToThread({|CORO0062:() => Child()|});
                await Coro.ToThread({|CORO0062:Value|});
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro WithArg(int value) { await Coro.Sleep(value); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """);

    [TestMethod]
    public Task PlainCallbacksAndSpawnsAreNotReported() => Verify<CORO0062CoroutineAsCallbackAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            private static readonly List<CoroTask> s_tasks = new();

            public static void Schedule(EventLoop loop)
            {
                loop.CallSoon(() => Console.WriteLine());
                loop.CallSoon(() => s_tasks.Add(loop.Spawn(Child())));
                loop.CallLater(TimeSpan.Zero, () => { var t = loop.Spawn(Child()); s_tasks.Add(t); });
                loop.RunInExecutor(() => 42);
                loop.RunCoroutineThreadSafe(Child());
                Func<Coro> factory = () => Child();
                Task.Run(() => Console.WriteLine());
            }

            [Coroutine]
            private static async partial Coro Parent()
            {
                await TaskGroup.Run(async group => { await Child(); });
                await Coro.ToThread(() => Console.WriteLine());
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);
}
