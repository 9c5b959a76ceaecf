using CoroGen.Loop;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Loop;

[TestClass]
public sealed class ExecutorTests
{
    [TestMethod]
    public void RunInExecutorRunsOffTheLoopAndResumesOnIt()
    {
        async Coro<(int LoopThread, int WorkThread, int ResumeThread, int Value)> Main()
        {
            var loopThread = Environment.CurrentManagedThreadId;
            var workThread = 0;
            var value = await EventLoop.GetRunningLoop().RunInExecutor(() =>
            {
                workThread = Environment.CurrentManagedThreadId;
                return 7;
            });
            return (loopThread, workThread, Environment.CurrentManagedThreadId, value);
        }

        var (loopThread, workThread, resumeThread, value) = EventLoop.Run(Main());
        Assert.AreEqual(7, value);
        Assert.AreNotEqual(loopThread, workThread);
        Assert.AreEqual(loopThread, resumeThread);
    }

    [TestMethod]
    public void ToThreadPropagatesExceptions()
    {
        async Coro Main()
        {
            await Coro.ToThread(() => throw new FormatException("in the pool"));
        }

        var error = Assert.ThrowsExactly<FormatException>(() => EventLoop.Run(Main()));
        Assert.AreEqual("in the pool", error.Message);
    }

    [TestMethod]
    public void ToThreadReturnsTheValue()
    {
        async Coro<int> Main() => await Coro.ToThread(() => 6 * 7);
        Assert.AreEqual(42, EventLoop.Run(Main()));
    }

    [TestMethod]
    public void ShutdownWaitsForSubmittedWorkThenRefusesMore()
    {
        using var loop = new EventLoop(new EventLoopOptions { ErrorWriter = TextWriter.Null });
        var finished = false;
        async Coro Main()
        {
            var l = EventLoop.GetRunningLoop();
            _ = l.RunInExecutor(() =>
            {
                Thread.Sleep(100);
                finished = true;
                return 0;
            });
            await l.ShutdownDefaultExecutor();
        }

        loop.RunUntilComplete(Main());
        Assert.IsTrue(finished);
        async Coro After()
        {
            await Coro.Sleep(0);
            _ = EventLoop.GetRunningLoop().RunInExecutor(() => 1);
        }

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => loop.RunUntilComplete(After()));
        StringAssert.Contains(error.Message, "shut down");
    }

    [TestMethod]
    public void RunInExecutorWithASchedulerUsesIt()
    {
        async Coro<int> Main() => await EventLoop.GetRunningLoop().RunInExecutor(() => 5, TaskScheduler.Default);
        Assert.AreEqual(5, EventLoop.Run(Main()));
    }

    [TestMethod]
    public void RunCoroutineThreadSafeReturnsADotNetTask()
    {
        using var loop = new EventLoop(new EventLoopOptions { ErrorWriter = TextWriter.Null });
        var loopThread = new Thread(loop.RunForever);
        loopThread.Start();
        try
        {
            async Coro<int> Work(int x)
            {
                await Coro.Sleep(0.01);
                return x * 2;
            }

            async Coro<int> Fails()
            {
                await Coro.Sleep(0);
                throw new FormatException("remote");
            }

            Assert.AreEqual(42, loop.RunCoroutineThreadSafe(Work(21)).GetAwaiter().GetResult());
            var error = Assert.ThrowsExactly<FormatException>(() => loop.RunCoroutineThreadSafe(Fails()).GetAwaiter().GetResult());
            Assert.AreEqual("remote", error.Message);
        }
        finally
        {
            loop.CallSoonThreadSafe(loop.Stop);
            loopThread.Join();
        }
    }

    [TestMethod]
    public void CancellingTheTokenCancelsTheLoopTask()
    {
        using var loop = new EventLoop(new EventLoopOptions { ErrorWriter = TextWriter.Null });
        var loopThread = new Thread(loop.RunForever);
        loopThread.Start();
        try
        {
            var cancelledInside = new ManualResetEventSlim();
            async Coro<int> Forever()
            {
                try
                {
                    await Coro.Sleep(TimeSpan.FromDays(1));
                    return 0;
                }
                catch (CancelledError)
                {
                    cancelledInside.Set();
                    throw;
                }
            }

            using var cts = new CancellationTokenSource();
            var task = loop.RunCoroutineThreadSafe(Forever(), cts.Token);
            cts.CancelAfter(50);
            Assert.ThrowsExactly<TaskCanceledException>(() => task.GetAwaiter().GetResult());
            Assert.IsTrue(cancelledInside.Wait(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            loop.CallSoonThreadSafe(loop.Stop);
            loopThread.Join();
        }
    }
}
