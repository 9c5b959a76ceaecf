// CORO0040: known blocking members in loop context (coroutine bodies, async Coro lambdas and
// local functions), never in lambdas that run elsewhere nor outside coroutines.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;
using Microsoft.CodeAnalysis.Testing;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0040BlockingCallInCoroutineAnalyzerTests
{
    [TestMethod]
    public Task BlockingCallsInCoroutine() => Verify<CORO0040BlockingCallInCoroutineAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Task<int> task, ValueTask<int> valueTask, WaitHandle handle, SemaphoreSlim semaphore, Process process, object gate)
            {
                {|CORO0040:Thread.Sleep(10)|};
                {|CORO0040:task.Wait()|};
                {|CORO0040:Task.WaitAll(task)|};
                {|CORO0040:Task.WaitAny(task)|};
                int a = {|CORO0040:task.Result|};
                int b = {|CORO0040:task.GetAwaiter().GetResult()|};
                int c = {|CORO0040:valueTask.GetAwaiter().GetResult()|};
                {|CORO0040:handle.WaitOne()|};
                {|CORO0040:WaitHandle.WaitAll(new[] { handle })|};
                {|CORO0040:Monitor.Enter(gate)|};
                {|CORO0040:Monitor.Wait(gate)|};
                {|CORO0040:semaphore.Wait()|};
                {|CORO0040:process.WaitForExit()|};
                string? line = {|CORO0040:Console.ReadLine()|};
                await TaskGroup.Run(async group => { {|CORO0040:Thread.Sleep(1)|}; await Coro.Sleep(0); });
                await Local();

                async Coro Local()
                {
                    {|CORO0040:Thread.Sleep(1)|};
                    await Coro.Sleep(0);
                }
            }
        }
        """);

    [TestMethod]
    public Task BlockingOutsideTheLoopIsNotReported() => Verify<CORO0040BlockingCallInCoroutineAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static void Ordinary(Task<int> task)
            {
                Thread.Sleep(10);
                Console.WriteLine(task.Result);
            }

            public static async Task<int> TaskBased(Task<int> task)
            {
                Thread.Sleep(10);
                await Task.Delay(1);
                return task.Result;
            }

            [Coroutine]
            private static async partial Coro Parent(SemaphoreSlim semaphore, Task<int> task)
            {
                await Coro.ToThread(() => Thread.Sleep(10));
                int value = await Coro.ToThread(() => task.Result);
                Action later = () => Thread.Sleep(1);
                Func<Task> elsewhere = async () => { Thread.Sleep(1); await Task.Yield(); };
                if (semaphore.Wait(0))
                {
                    semaphore.Release();
                }

                Sync();
                await Coro.Sleep(0);

                void Sync() => Thread.Sleep(1);
            }
        }
        """);

    [TestMethod]
    public async Task UserListFromAdditionalFile()
    {
        var test = new CoroAnalyzerTest<CORO0040BlockingCallInCoroutineAnalyzer>
        {
            TestCode = """
                using CoroGen;

                namespace Legacy
                {
                    public static class Client
                    {
                        public static int Fetch() => 1;
                        public static int Cached() => 2;
                        public static class Inner { public static void Flush() { } }
                    }
                }

                public static partial class Program
                {
                    [Coroutine]
                    private static async partial Coro Parent()
                    {
                        int a = {|CORO0040:Legacy.Client.Fetch()|};
                        int b = Legacy.Client.Cached();
                        {|CORO0040:Legacy.Client.Inner.Flush()|};
                        await Coro.Sleep(0);
                    }
                }
                """,
        };
        test.TestState.AdditionalFiles.Add(("/CoroGen.BlockingMembers.txt", """
            # project-specific blocking members
            Legacy.Client.Fetch
            [Legacy.Client+Inner]::Flush
            Unknown.Type.Member
            """));
        await test.RunAsync();
    }

    [TestMethod]
    public Task SleepFix() => Verify<CORO0040BlockingCallInCoroutineAnalyzer>.CodeFixAsync<CORO0040BlockingCallInCoroutineCodeFix>("""
        using System;
        using System.Threading;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(int delay)
            {
                {|CORO0040:Thread.Sleep(10)|};
                {|CORO0040:Thread.Sleep(delay * 2)|}; // keep
                {|CORO0040:Thread.Sleep(TimeSpan.FromSeconds(1))|};
            }
        }
        """, """
        using System;
        using System.Threading;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(int delay)
            {
                await Coro.Sleep(TimeSpan.FromMilliseconds(10));
                await Coro.Sleep(TimeSpan.FromMilliseconds(delay * 2)); // keep
                await Coro.Sleep(TimeSpan.FromSeconds(1));
            }
        }
        """, CORO0040BlockingCallInCoroutineCodeFix.SleepKey);

    [TestMethod]
    public Task AwaitFix() => Verify<CORO0040BlockingCallInCoroutineAnalyzer>.CodeFixAsync<CORO0040BlockingCallInCoroutineCodeFix>("""
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro<int> Parent(Task<int> task, Task done, ValueTask<string> text, object gate)
            {
                {|CORO0040:done.Wait()|};
                int a = {|CORO0040:task.Result|} + 1;
                int b = {|CORO0040:task.GetAwaiter().GetResult()|};
                string c = {|CORO0040:text.GetAwaiter().GetResult()|}.Trim();
                {|CORO0040:Monitor.Enter(gate)|};
                return a + b + c.Length;
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro<int> Parent(Task<int> task, Task done, ValueTask<string> text, object gate)
            {
                await done;
                int a = await task + 1;
                int b = await task;
                string c = (await text).Trim();
                {|CORO0040:Monitor.Enter(gate)|};
                return a + b + c.Length;
            }
        }
        """, CORO0040BlockingCallInCoroutineCodeFix.AwaitKey);
}
