// CORO0065: StartNew/ContinueWith without a TaskScheduler in loop context; not with an explicit
// scheduler, not Task.Run, not outside coroutines.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0065ImplicitTaskSchedulerAnalyzerTests
{
    [TestMethod]
    public Task ImplicitSchedulerInCoroutine() => Verify<CORO0065ImplicitTaskSchedulerAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Task task, Task<int> value, CancellationToken token)
            {
                Task a = {|CORO0065:Task.Factory.StartNew(() => { })|};
                Task<int> b = {|CORO0065:Task.Factory.StartNew(() => 1, token)|};
                Task<int> c = {|CORO0065:new TaskFactory<int>().StartNew(() => 1)|};
                Task d = {|CORO0065:task.ContinueWith(t => { })|};
                Task<string> e = {|CORO0065:value.ContinueWith(t => t.Result.ToString(), TaskContinuationOptions.OnlyOnRanToCompletion)|};
                await TaskGroup.Run(async group => { Task f = {|CORO0065:task.ContinueWith(t => { })|}; await Coro.Sleep(0); });
            }
        }
        """);

    [TestMethod]
    public Task ExplicitSchedulerAndOtherContextsAreNotReported() => Verify<CORO0065ImplicitTaskSchedulerAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static Task Ordinary(Task task) => task.ContinueWith(t => { });

            public static async Task TaskBased(Task task)
            {
                await Task.Factory.StartNew(() => { });
            }

            [Coroutine]
            private static async partial Coro Parent(Task task)
            {
                Task a = Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
                Task b = task.ContinueWith(t => { }, TaskScheduler.Default);
                Task c = Task.Run(() => { });
                Func<Task> later = () => task.ContinueWith(t => { });
                await Coro.Sleep(0);
            }
        }
        """);

    [TestMethod]
    public Task DefaultSchedulerFix() => Verify<CORO0065ImplicitTaskSchedulerAnalyzer>.CodeFixAsync<CORO0065ImplicitTaskSchedulerCodeFix>("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Task task, Task<int> value, CancellationToken token)
            {
                Task a = {|CORO0065:Task.Factory.StartNew(() => { })|};
                Task<int> b = {|CORO0065:Task.Factory.StartNew(() => 1, token)|};
                Task d = {|CORO0065:task.ContinueWith(t => { })|};
                Task<string> e = {|CORO0065:value.ContinueWith(t => t.Result.ToString(), TaskContinuationOptions.OnlyOnRanToCompletion)|};
                Task f = {|CORO0065:Task.Factory.StartNew(s => { }, 1)|};
                await Coro.Sleep(0);
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
            private static async partial Coro Parent(Task task, Task<int> value, CancellationToken token)
            {
                Task a = Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
                Task<int> b = Task.Factory.StartNew(() => 1, token, TaskCreationOptions.None, TaskScheduler.Default);
                Task d = task.ContinueWith(t => { }, TaskScheduler.Default);
                Task<string> e = value.ContinueWith(t => t.Result.ToString(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                Task f = Task.Factory.StartNew(s => { }, 1, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
                await Coro.Sleep(0);
            }
        }
        """);
}
