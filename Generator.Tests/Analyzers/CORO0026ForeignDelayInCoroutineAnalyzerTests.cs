// CORO0026: Task.Delay / Task.Yield awaited in a coroutine (Coro.Sleep is the loop's own);
// never in Task-based code, ordinary code or lambdas that run elsewhere.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0026ForeignDelayInCoroutineAnalyzerTests
{
    [TestMethod]
    public Task DelayAndYieldInCoroutine() => Verify<CORO0026ForeignDelayInCoroutineAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(int ms, TimeSpan delay, CancellationToken token)
            {
                await {|CORO0026:Task.Delay(ms)|};
                await {|CORO0026:Task.Delay(delay)|};
                await {|CORO0026:Task.Yield()|};
                await {|CORO0026:Task.Delay(delay, token)|};
                await {|CORO0026:Task.Delay(1000, token)|};
                await {|CORO0026:Task.Delay(delay, TimeProvider.System)|};
                await TaskGroup.Run(async group => await {|CORO0026:Task.Delay(10)|});
                Func<Coro> local = async () => await {|CORO0026:Task.Yield()|};
                await local();
            }
        }
        """);

    [TestMethod]
    public Task DelayOutsideCoroutinesIsNotReported() => Verify<CORO0026ForeignDelayInCoroutineAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static async Task TaskBased()
            {
                await Task.Delay(10);
                await Task.Yield();
            }

            public static void Ordinary()
            {
                Task delay = Task.Delay(10);
                delay.Wait();
            }

            [Coroutine]
            private static async partial Coro Parent(Task other)
            {
                Func<Task> elsewhere = async () => await Task.Delay(10);
                Task pending = Task.Delay(10);
                await other;
                await Coro.Sleep(0.01);
                await Coro.ToThread(() => Task.Delay(10).Wait());
            }
        }
        """);

    [TestMethod]
    public Task SleepFix() => Verify<CORO0026ForeignDelayInCoroutineAnalyzer>.CodeFixAsync<CORO0026ForeignDelayInCoroutineCodeFix>("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(int ms, TimeSpan delay, CancellationToken token)
            {
                await {|CORO0026:Task.Delay(ms * 2)|};
                await {|CORO0026:Task.Delay(delay)|};
                await {|CORO0026:Task.Yield()|};
                await {|CORO0026:Task.Delay(-1)|};
                await {|CORO0026:Task.Delay(Timeout.InfiniteTimeSpan)|};
                await {|CORO0026:Task.Delay(delay, token)|};
            }
        }
        """, """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(int ms, TimeSpan delay, CancellationToken token)
            {
                await Coro.Sleep(TimeSpan.FromMilliseconds(ms * 2));
                await Coro.Sleep(delay);
                await Coro.Sleep(0);
                await {|CORO0026:Task.Delay(-1)|};
                await {|CORO0026:Task.Delay(Timeout.InfiniteTimeSpan)|};
                await {|CORO0026:Task.Delay(delay, token)|};
            }
        }
        """, CORO0026ForeignDelayInCoroutineCodeFix.SleepKey);
}
