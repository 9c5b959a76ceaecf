// CORO0044 (off by default): calls from coroutines into synchronous in-source methods that block,
// directly or through other in-source methods (at most three deep).
using CoroGen.Analyzers.Rules;
using Microsoft.CodeAnalysis.Testing;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0044TransitiveBlockingCallInCoroutineAnalyzerTests
{
    [TestMethod]
    public void RuleIsOffByDefault() => Assert.IsFalse(CORO0044TransitiveBlockingCallInCoroutineAnalyzer.Rule.IsEnabledByDefault);

    [TestMethod]
    public Task CallsIntoBlockingHelpers() => Verify<CORO0044TransitiveBlockingCallInCoroutineAnalyzer>.AnalyzerAsync(
        """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Task<int> task)
            {
                {|#0:Helper()|};
                int value = {|#1:Read(task)|};
                {|#2:Deep1()|};
                {|#3:new Worker().Run()|};
                {|#4:Local()|};
                {|#5:Generic<string>()|};
                await Coro.Sleep(0);

                void Local() => Helper();
            }

            private static void Helper() => Inner();

            private static void Inner() => Thread.Sleep(10);

            private static int Read(Task<int> task) => task.Result;

            private static void Deep1() => Deep2();

            private static void Deep2() => Deep3();

            private static void Deep3() => Console.ReadLine();

            private static void Generic<T>() => Generic2<T, int>();

            private static void Generic2<T, U>() => Thread.Sleep(1);
        }

        public sealed class Worker
        {
            public void Run() { Console.WriteLine(); Program2.Wait(); }
        }

        public static class Program2
        {
            public static void Wait() => new ManualResetEventSlim().Wait();
        }
        """,
        new DiagnosticResult(CORO0044TransitiveBlockingCallInCoroutineAnalyzer.Rule).WithLocation(0).WithArguments("Helper", "Helper -> Inner -> Thread.Sleep"),
        new DiagnosticResult(CORO0044TransitiveBlockingCallInCoroutineAnalyzer.Rule).WithLocation(1).WithArguments("Read", "Read -> Task.Result"),
        new DiagnosticResult(CORO0044TransitiveBlockingCallInCoroutineAnalyzer.Rule).WithLocation(2).WithArguments("Deep1", "Deep1 -> Deep2 -> Deep3 -> Console.ReadLine"),
        new DiagnosticResult(CORO0044TransitiveBlockingCallInCoroutineAnalyzer.Rule).WithLocation(3).WithArguments("Run", "Run -> Wait -> ManualResetEventSlim.Wait"),
        new DiagnosticResult(CORO0044TransitiveBlockingCallInCoroutineAnalyzer.Rule).WithLocation(4).WithArguments("Local", "Local -> Helper -> Inner -> Thread.Sleep"),
        new DiagnosticResult(CORO0044TransitiveBlockingCallInCoroutineAnalyzer.Rule).WithLocation(5).WithArguments("Generic", "Generic -> Generic2 -> Thread.Sleep"));

    [TestMethod]
    public Task NonBlockingDeepVirtualAndOffLoopCallsAreNotReported() => Verify<CORO0044TransitiveBlockingCallInCoroutineAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public abstract class Base
        {
            public abstract void Block();

            public virtual void Virtual() => Thread.Sleep(1);
        }

        public interface IBlocker
        {
            void Block();
        }

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Base b, IBlocker blocker, SemaphoreSlim semaphore)
            {
                Pure();
                Ping(3);
                TooDeep1();
                b.Block();
                b.Virtual();
                blocker.Block();
                Poll(semaphore);
                Later();
                await Coro.ToThread(() => Helper());
                Action later = () => Helper();
                await Child();
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            public static void Ordinary() => Helper();

            public static async Task TaskBased()
            {
                Helper();
                await Task.Delay(1);
            }

            private static void Pure() => Console.WriteLine();

            private static void Ping(int n) { if (n > 0) { Pong(n - 1); } }

            private static void Pong(int n) { if (n > 0) { Ping(n - 1); } }

            private static void Helper() => Thread.Sleep(10);

            private static void Poll(SemaphoreSlim semaphore) => semaphore.Wait(0);

            private static void Later() { Action a = () => Thread.Sleep(1); }

            private static void TooDeep1() => TooDeep2();

            private static void TooDeep2() => TooDeep3();

            private static void TooDeep3() => TooDeep4();

            private static void TooDeep4() => Thread.Sleep(1);
        }
        """);

    [TestMethod]
    public Task NoCoroGenReferenceNoDiagnostics() => Verify<CORO0044TransitiveBlockingCallInCoroutineAnalyzer>.AnalyzerAsync("""
        using System.Threading;

        public static class Program
        {
            public static void Run() => Helper();

            private static void Helper() => Thread.Sleep(10);
        }
        """);
}
