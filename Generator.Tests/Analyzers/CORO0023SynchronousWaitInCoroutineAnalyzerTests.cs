// CORO0023: GetAwaiter().GetResult() on CoroGen awaitables and nested loop runs inside
// coroutines; never in ordinary code, Task-based code, lambdas that run elsewhere, nor on Task.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0023SynchronousWaitInCoroutineAnalyzerTests
{
    [TestMethod]
    public Task SynchronousWaitsInCoroutine() => Verify<CORO0023SynchronousWaitInCoroutineAnalyzer>.AnalyzerAsync("""
        using CoroGen;
        using CoroGen.Sync;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(CoroTask<int> task, Future<int> future, AsyncLock gate, EventLoop loop, Runner runner)
            {
                {|CORO0023:Child().GetAwaiter().GetResult()|};
                int a = {|CORO0023:Value().GetAwaiter().GetResult()|};
                int b = {|CORO0023:task.GetAwaiter().GetResult()|};
                int c = {|CORO0023:future.GetAwaiter().GetResult()|};
                var awaiter = gate.Acquire().GetAwaiter();
                using var releaser = {|CORO0023:awaiter.GetResult()|};
                {|CORO0023:EventLoop.Run(Child())|};
                int d = {|CORO0023:loop.RunUntilComplete(Value())|};
                {|CORO0023:loop.RunForever()|};
                {|CORO0023:runner.Run(Child())|};
                await TaskGroup.Run(async group => { {|CORO0023:Child().GetAwaiter().GetResult()|}; await Coro.Sleep(0); });
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """);

    [TestMethod]
    public Task OutsideCoroutinesAndTaskWaitsAreNotReported() => Verify<CORO0023SynchronousWaitInCoroutineAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static void Main()
            {
                EventLoop.Run(Child());
                using var runner = new Runner();
                runner.Run(Child());
            }

            public static async Task TaskBased(Task<int> task)
            {
                int a = task.GetAwaiter().GetResult();
                await Task.Yield();
            }

            [Coroutine]
            private static async partial Coro Parent(Task<int> task)
            {
                int a = task.GetAwaiter().GetResult();
                int b = await Coro.ToThread(() => EventLoop.Run(Value()));
                Action later = () => Child().GetAwaiter().GetResult();
                await Child();
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """);

    [TestMethod]
    public Task AwaitFix() => Verify<CORO0023SynchronousWaitInCoroutineAnalyzer>.CodeFixAsync<CORO0023SynchronousWaitInCoroutineCodeFix>("""
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(CoroTask<int> task, EventLoop loop)
            {
                {|CORO0023:Child().GetAwaiter().GetResult()|};
                int a = {|CORO0023:Value().GetAwaiter().GetResult()|} + 1;
                int b = {|CORO0023:task.GetAwaiter().GetResult()|};
                {|CORO0023:loop.RunForever()|};
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """, """
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(CoroTask<int> task, EventLoop loop)
            {
                await Child();
                int a = await Value() + 1;
                int b = await task;
                {|CORO0023:loop.RunForever()|};
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """, CORO0023SynchronousWaitInCoroutineCodeFix.AwaitKey);
}
