// CORO0024: GetAwaiter().GetResult() on Coro/CoroTask outside coroutines; never inside coroutines
// (CORO0023's), on Task, nor on EventLoop.Run.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0024SynchronousWaitOutsideLoopAnalyzerTests
{
    [TestMethod]
    public Task WaitsOutsideTheLoop() => Verify<CORO0024SynchronousWaitOutsideLoopAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static void Main(CoroTask<int> task)
            {
                {|CORO0024:Child().GetAwaiter().GetResult()|};
                int a = {|CORO0024:Value().GetAwaiter().GetResult()|};
                int b = {|CORO0024:task.GetAwaiter().GetResult()|};
            }

            public static async Task TaskBased() { {|CORO0024:Child().GetAwaiter().GetResult()|}; await Task.Yield(); }

            [Coroutine]
            private static async partial Coro Parent()
            {
                Action later = () => {|CORO0024:Child().GetAwaiter().GetResult()|};
                await Child();
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """);

    [TestMethod]
    public Task CoroutinesTasksAndRunAreNotReported() => Verify<CORO0024SynchronousWaitOutsideLoopAnalyzer>.AnalyzerAsync("""
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static void Main(Task<int> task)
            {
                EventLoop.Run(Child());
                int a = task.GetAwaiter().GetResult();
                var awaiter = Child().GetAwaiter();
            }

            [Coroutine]
            private static async partial Coro Parent()
            {
                Child().GetAwaiter().GetResult();
                await Child();
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task RunFix() => Verify<CORO0024SynchronousWaitOutsideLoopAnalyzer>.CodeFixAsync<CORO0024SynchronousWaitOutsideLoopCodeFix>("""
        using CoroGen;

        public static partial class Program
        {
            public static void Main(CoroTask<int> task)
            {
                {|CORO0024:Child().GetAwaiter().GetResult()|};
                int a = {|CORO0024:Value().GetAwaiter().GetResult()|} + 1;
                int b = {|CORO0024:task.GetAwaiter().GetResult()|};
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
            public static void Main(CoroTask<int> task)
            {
                EventLoop.Run(Child());
                int a = EventLoop.Run(Value()) + 1;
                int b = {|CORO0024:task.GetAwaiter().GetResult()|};
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """, CORO0024SynchronousWaitOutsideLoopCodeFix.RunKey);
}
