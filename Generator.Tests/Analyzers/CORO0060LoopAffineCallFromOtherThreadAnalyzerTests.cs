// CORO0060: loop-affine APIs called from lambdas that run on another thread.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0060LoopAffineCallFromOtherThreadAnalyzerTests
{
    [TestMethod]
    public Task LoopAffineCallsOnOtherThreads() => Verify<CORO0060LoopAffineCallFromOtherThreadAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;
        using CoroGen.Queues;
        using CoroGen.Sync;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(EventLoop loop, Future<int> future, AsyncEvent signal, AsyncQueue<int> queue)
            {
                CoroTask task = Coro.Spawn(Child());
                await Task.Run(() => {|CORO0060:future.SetResult(1)|});
                await Task.Run(async () => { await Task.Delay(1); {|CORO0060:loop.CallSoon(() => { })|}; });
                await Task.Factory.StartNew(() => {|CORO0060:task.Cancel()|});
                ThreadPool.QueueUserWorkItem(_ => {|CORO0060:signal.Set()|});
                new Thread(() => {|CORO0060:queue.PutNowait(1)|}).Start();
                Parallel.For(0, 2, i => {|CORO0060:Coro.Spawn(Child())|});
                using var timer = new Timer(_ => {|CORO0060:loop.Stop()|}, null, 0, 0);
                await Coro.ToThread(() => { {|CORO0060:loop.Debug|} = true; return {|CORO0060:loop.SlowCallbackDuration|}; });
                await loop.RunInExecutor(() => {|CORO0060:future.TrySetException(new InvalidOperationException())|});
            }

            public static void Ordinary(EventLoop loop, Future<int> future)
            {
                Task.Run(() => {|CORO0060:future.Cancel()|});
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task ThreadSafeOrLoopThreadCallsAreNotReported() => Verify<CORO0060LoopAffineCallFromOtherThreadAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(EventLoop loop, Future<int> future)
            {
                future.SetResult(1);
                loop.CallSoon(() => future.TrySetResult(2));
                await Task.Run(() => loop.CallSoonThreadSafe(() => future.TrySetResult(3)));
                await Task.Run(() => loop.RunCoroutineThreadSafe(Child()));
                await Task.Run(() => loop.IsClosed || loop.IsRunning || loop.Debug ? loop.Time + loop.Id : 0);
                await Task.Run(() => future.Done);
                await Coro.ToThread(() => Console.WriteLine(loop.ToString()));
                Action later = () => future.TrySetResult(4);
                await Task.Run(() => LocalOnLoop());

                void LocalOnLoop() => future.TrySetResult(5);
            }

            public static async Task TaskBased(Future<int> future)
            {
                await Task.Delay(1);
                future.TrySetResult(1);
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task CallSoonThreadSafeFix() => Verify<CORO0060LoopAffineCallFromOtherThreadAnalyzer>.CodeFixAsync<CORO0060LoopAffineCallFromOtherThreadCodeFix>("""
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public sealed partial class Worker
        {
            private readonly EventLoop _loop = new();

            public void Start(Future<int> future, CoroTask task)
            {
                Task.Run(() =>
                {
                    {|CORO0060:future.SetResult(1)|};
                    {|CORO0060:task.Cancel()|};
                    {|CORO0060:_loop.Stop()|};
                });
            }

            public static void Static(EventLoop first, EventLoop second, Future<int> future)
            {
                ThreadPool.QueueUserWorkItem(_ => {|CORO0060:future.SetResult(1)|});
            }
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public sealed partial class Worker
        {
            private readonly EventLoop _loop = new();

            public void Start(Future<int> future, CoroTask task)
            {
                Task.Run(() =>
                {
                    _loop.CallSoonThreadSafe(() => future.SetResult(1));
                    _loop.CallSoonThreadSafe(() => task.Cancel());
                    _loop.CallSoonThreadSafe(() => _loop.Stop());
                });
            }

            public static void Static(EventLoop first, EventLoop second, Future<int> future)
            {
                ThreadPool.QueueUserWorkItem(_ => {|CORO0060:future.SetResult(1)|});
            }
        }
        """, CORO0060LoopAffineCallFromOtherThreadCodeFix.Key);
}
