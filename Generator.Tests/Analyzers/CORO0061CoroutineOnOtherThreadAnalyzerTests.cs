// CORO0061: a Coro created, captured or awaited in a delegate handed to another thread; not when
// it goes to a loop entry point, not in coroutine lambdas nested there, not in ordinary lambdas.
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0061CoroutineOnOtherThreadAnalyzerTests
{
    [TestMethod]
    public Task CoroOnOtherThreads() => Verify<CORO0061CoroutineOnOtherThreadAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Work() => await Coro.Sleep(0);

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }

            public static void Start(Coro pending, int[] items)
            {
                Task a = Task.Run(() => {|CORO0061:Work()|});
                Task b = Task.Run(async () => await {|CORO0061:Work()|});
                Task<int> c = Task.Factory.StartNew(async () => await {|CORO0061:Value()|}).Unwrap();
                ThreadPool.QueueUserWorkItem(_ => { Coro local = {|CORO0061:Work()|}; });
                Parallel.ForEach(items, async item => await {|CORO0061:Work()|});
                var thread = new Thread(() => { Task t = Task.Run(async () => await {|CORO0061:pending|}); });
                Task d = Task.Run(async () => await {|CORO0061:pending|});
            }
        }
        """);

    [TestMethod]
    public Task LoopEntryPointsAndOtherLambdasAreNotReported() => Verify<CORO0061CoroutineOnOtherThreadAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Work() => await Coro.Sleep(0);

            public static void Start(EventLoop loop)
            {
                Task a = Task.Run(() => loop.RunCoroutineThreadSafe(Work()));
                var thread = new Thread(() => EventLoop.Run(Work()));
                Task b = Task.Run(() =>
                {
                    using var runner = new Runner();
                    runner.Run(TaskGroup.Run(async group => { await Work(); }));
                });
                Task c = Task.Run(() => Console.WriteLine("plain"));
                Func<Coro> factory = () => Work();
                Action<Coro> consumer = coro => { };
            }
        }
        """);
}
