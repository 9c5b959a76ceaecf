// CORO0022: the same Coro local or parameter consumed twice on some path (await, spawn, run,
// Gather, GetAwaiter), over the control-flow graph; reassignment in between resets it.
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0022CoroutineConsumedTwiceAnalyzerTests
{
    [TestMethod]
    public Task ConsumedTwiceOnStraightLineCode() => Verify<CORO0022CoroutineConsumedTwiceAnalyzer>.AnalyzerAsync("""
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Coro<int> parameter)
            {
                Coro child = Child();
                await child;
                await {|CORO0022:child|};

                Coro spawned = Child();
                CoroTask task = Coro.Spawn(spawned);
                await {|CORO0022:spawned|};
                await task;

                var awaiter = parameter.GetAwaiter();
                int value = await {|CORO0022:parameter|};

                Coro gathered = Child();
                await Coro.Gather(gathered, {|CORO0022:gathered|});
            }

            public static void Main()
            {
                Coro main = Child();
                EventLoop.Run(main);
                EventLoop.Run({|CORO0022:main|});
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task ConsumedOnOnePathThenAgainOrInALoop() => Verify<CORO0022CoroutineConsumedTwiceAnalyzer>.AnalyzerAsync("""
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(bool early)
            {
                Coro child = Child();
                if (early)
                {
                    await child;
                }

                await {|CORO0022:child|};

                Coro repeated = Child();
                for (int i = 0; i < 3; i++)
                {
                    await {|CORO0022:repeated|};
                }

                Coro afterTry = Child();
                try
                {
                    await afterTry;
                }
                finally
                {
                }

                await {|CORO0022:afterTry|};

                await TaskGroup.Run(async group =>
                {
                    Coro inner = Child();
                    group.Spawn(inner);
                    await {|CORO0022:inner|};
                });
            }

            [Coroutine]
            private static async partial Coro OnlyInALoop(Coro<int> parameter)
            {
                while (true)
                {
                    int value = await {|CORO0022:parameter|};
                    if (value > 0)
                    {
                        return;
                    }
                }
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task SingleConsumptionPerPathIsNotReported() => Verify<CORO0022CoroutineConsumedTwiceAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(bool flag)
            {
                Coro child = Child();
                if (flag)
                {
                    await child;
                }
                else
                {
                    await Coro.Spawn(child);
                }

                Coro reused = Child();
                await reused;
                reused = Child();
                await reused;

                for (int i = 0; i < 3; i++)
                {
                    Coro fresh = Child();
                    await fresh;
                }

                Coro once = Child();
                while (true)
                {
                    await once;
                    break;
                }

                Coro passed = Child();
                Keep(passed);
                Keep(passed);
                await passed;

                Func<Coro> factory = () => Child();
                await factory();
                await factory();

                foreach (Coro item in new[] { Child(), Child() })
                {
                    await item;
                }

                var queue = new Queue<Coro>();
                while (queue.TryDequeue(out Coro next))
                {
                    await next;
                }

                foreach (object boxed in new object[] { Child() })
                {
                    if (boxed is Coro unboxed)
                    {
                        await unboxed;
                    }
                }

                Coro guarded = Child();
                try
                {
                    await guarded;
                }
                catch (InvalidOperationException)
                {
                }
                finally
                {
                    Coro cleanup = Child();
                    await cleanup;
                }

                (Coro first, Coro second) = (Child(), Child());
                await first;
                await second;
                (first, second) = (second, first);
            }

            public static async Task TaskBased(Task task)
            {
                await task;
                await task;
            }

            private static void Keep(Coro coro) { }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);
}
