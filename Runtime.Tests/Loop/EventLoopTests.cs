using CoroGen.Loop;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Loop;

[TestClass]
public sealed class EventLoopTests
{
    [TestMethod]
    public void CallSoonRunsCallbacksInFifoOrder()
    {
        using var loop = TestLoops.Virtual();
        var trace = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            var n = i;
            loop.CallSoon(() => trace.Add(n));
        }

        loop.CallSoon(loop.Stop);
        loop.RunForever();
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4 }, trace);
    }

    [TestMethod]
    public void CallbackScheduledDuringABatchRunsInTheNextBatch()
    {
        using var loop = TestLoops.Virtual();
        var trace = new List<string>();
        loop.CallSoon(() =>
        {
            trace.Add("a");
            loop.CallSoon(() => trace.Add("c"));
            loop.Stop();
        });
        loop.CallSoon(() => trace.Add("b"));
        loop.RunForever();
        CollectionAssert.AreEqual(new[] { "a", "b" }, trace, "stop lets the current batch finish, and no more");

        loop.CallSoon(loop.Stop);
        loop.RunForever();
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, trace);
    }

    [TestMethod]
    public void StopBeforeRunForeverRunsOneIteration()
    {
        using var loop = TestLoops.Virtual();
        var ran = 0;
        loop.CallSoon(() => ran++);
        loop.Stop();
        loop.RunForever();
        Assert.AreEqual(1, ran);
        Assert.IsFalse(loop.IsRunning);
    }

    [TestMethod]
    public void TimersFireInDeadlineOrderWithTiesInSchedulingOrder()
    {
        using var loop = TestLoops.Virtual(out var clock);
        var trace = new List<string>();
        loop.CallLater(TimeSpan.FromSeconds(3), () => trace.Add($"c@{clock.Now.TotalSeconds}"));
        loop.CallLater(TimeSpan.FromSeconds(1), () => trace.Add($"a1@{clock.Now.TotalSeconds}"));
        loop.CallLater(TimeSpan.FromSeconds(2), () => trace.Add($"b@{clock.Now.TotalSeconds}"));
        loop.CallLater(TimeSpan.FromSeconds(1), () => trace.Add($"a2@{clock.Now.TotalSeconds}"));
        loop.CallLater(TimeSpan.FromSeconds(3), loop.Stop);
        loop.RunForever();
        CollectionAssert.AreEqual(new[] { "a1@1", "a2@1", "b@2", "c@3" }, trace);
    }

    [TestMethod]
    public void CallAtInThePastRunsOnTheNextIterationAndReportsItsWhen()
    {
        using var loop = TestLoops.Virtual(out var clock);
        clock.Advance(TimeSpan.FromSeconds(10));
        var ran = false;
        var handle = loop.CallAt(loop.Time - 5, () => ran = true);
        Assert.AreEqual(5.0, handle.When, 1e-9);
        loop.CallSoon(loop.Stop);
        loop.RunForever();
        Assert.IsTrue(ran);
    }

    [TestMethod]
    public void CancelledHandlesAndTimersDoNotRun()
    {
        using var loop = TestLoops.Virtual();
        var trace = new List<string>();
        var soon = loop.CallSoon(() => trace.Add("soon"));
        var later = loop.CallLater(TimeSpan.FromSeconds(1), () => trace.Add("later"));
        soon.Cancel();
        later.Cancel();
        Assert.IsTrue(soon.Cancelled);
        Assert.IsTrue(later.Cancelled);
        loop.CallLater(TimeSpan.FromSeconds(2), loop.Stop);
        loop.RunForever();
        Assert.AreEqual(0, trace.Count);
    }

    [TestMethod]
    public void CancellingAfterTheCallbackRanDoesNothing()
    {
        using var loop = TestLoops.Virtual();
        var runs = 0;
        var handle = loop.CallLater(TimeSpan.Zero, () => runs++);
        loop.CallLater(TimeSpan.FromSeconds(1), loop.Stop);
        loop.RunForever();
        handle.Cancel();
        Assert.AreEqual(1, runs);
    }

    [TestMethod]
    public void CancelledTimersAreCompactedWhenMoreThanHalfAreDead()
    {
        using var loop = TestLoops.Virtual();
        var handles = new List<TimerHandle>();
        for (var i = 0; i < 1000; i++)
        {
            handles.Add(loop.CallLater(TimeSpan.FromSeconds(i + 1), static () => { }));
        }

        for (var i = 0; i < 600; i++)
        {
            handles[i].Cancel();
        }

        Assert.IsLessThan(1000, loop.TimerCount, "the heap must not keep every cancelled timer");
        Assert.IsGreaterThanOrEqualTo(400, loop.TimerCount, "live timers must stay");
    }

    [TestMethod]
    public void TimeIsMonotonicSecondsOnTheLoopsClock()
    {
        using var loop = TestLoops.Virtual(out var clock);
        var start = loop.Time;
        clock.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.AreEqual(1.5, loop.Time - start, 1e-9);

        using var real = new EventLoop();
        var t1 = real.Time;
        var t2 = real.Time;
        Assert.IsGreaterThanOrEqualTo(t1, t2);
    }

    [TestMethod]
    public void CallSoonThreadSafeWakesASleepingLoopAtOnce()
    {
        using var loop = new EventLoop(new EventLoopOptions { ErrorWriter = TextWriter.Null });
        var started = new ManualResetEventSlim();
        loop.CallSoon(started.Set);
        loop.CallLater(TimeSpan.FromMinutes(10), loop.Stop);
        var poster = new Thread(() =>
        {
            started.Wait();
            Thread.Sleep(50);
            loop.CallSoonThreadSafe(loop.Stop);
        });
        poster.Start();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        loop.RunForever();
        poster.Join();
        Assert.IsLessThan(TimeSpan.FromMinutes(1), watch.Elapsed, "the post must wake the loop, not the ten-minute timer");
    }

    [TestMethod]
    public void ClosedLoopRefusesWorkAndCloseIsIdempotent()
    {
        var loop = TestLoops.Virtual();
        loop.Dispose();
        loop.Dispose();
        Assert.IsTrue(loop.IsClosed);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => loop.CallSoon(() => { }));
        StringAssert.Contains(error.Message, "closed");
        Assert.ThrowsExactly<InvalidOperationException>(() => loop.CallSoonThreadSafe(() => { }));
        Assert.ThrowsExactly<InvalidOperationException>(loop.RunForever);
    }

    [TestMethod]
    public void CannotCloseARunningLoop()
    {
        using var loop = TestLoops.Virtual();
        InvalidOperationException? error = null;
        loop.CallSoon(() =>
        {
            try
            {
                loop.Dispose();
            }
            catch (InvalidOperationException e)
            {
                error = e;
            }

            loop.Stop();
        });
        loop.RunForever();
        Assert.IsNotNull(error);
        StringAssert.Contains(error.Message, "running");
    }

    [TestMethod]
    public void GetRunningLoopThrowsWithoutALoopAndReturnsTheLoopInsideOne()
    {
        Assert.IsNull(EventLoop.Current);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => EventLoop.GetRunningLoop());
        StringAssert.Contains(error.Message, "No running event loop");

        using var loop = TestLoops.Virtual();
        EventLoop? seen = null;
        loop.CallSoon(() =>
        {
            seen = EventLoop.GetRunningLoop();
            loop.Stop();
        });
        loop.RunForever();
        Assert.AreSame(loop, seen);
        Assert.IsNull(EventLoop.Current);
    }

    [TestMethod]
    public void RunningTwoLoopsOnOneThreadIsRefused()
    {
        using var outer = TestLoops.Virtual();
        using var inner = TestLoops.Virtual();
        InvalidOperationException? error = null;
        outer.CallSoon(() =>
        {
            try
            {
                inner.RunForever();
            }
            catch (InvalidOperationException e)
            {
                error = e;
            }

            outer.Stop();
        });
        outer.RunForever();
        Assert.IsNotNull(error);
        StringAssert.Contains(error.Message, "another loop");
    }

    [TestMethod]
    public void RunUntilCompleteCannotBeReentered()
    {
        using var loop = TestLoops.Virtual();
        InvalidOperationException? error = null;
        async Coro Inner()
        {
            await Coro.Sleep(0);
        }

        async Coro Outer()
        {
            try
            {
                loop.RunUntilComplete(Inner());
            }
            catch (InvalidOperationException e)
            {
                error = e;
            }

            await Coro.Sleep(0);
        }

        loop.RunUntilComplete(Outer());
        Assert.IsNotNull(error);
        StringAssert.Contains(error.Message, "already running");
    }

    [TestMethod]
    public void RunUntilCompleteReportsAStopBeforeTheTaskFinished()
    {
        using var loop = TestLoops.Virtual();
        async Coro<int> Slow()
        {
            loop.Stop();
            await Coro.Sleep(10);
            return 1;
        }

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => loop.RunUntilComplete(Slow()));
        StringAssert.Contains(error.Message, "stopped before the task completed");
    }

    [TestMethod]
    public void FailingCallbackGoesToTheExceptionHandlerWithItsContext()
    {
        using var loop = TestLoops.Virtual();
        ExceptionContext? seen = null;
        loop.SetExceptionHandler((_, context) => seen = context);
        var boom = new InvalidOperationException("boom");
        var handle = loop.CallSoon(() => throw boom);
        var ranAfter = false;
        loop.CallSoon(() => ranAfter = true);
        loop.CallSoon(loop.Stop);
        loop.RunForever();
        Assert.IsNotNull(seen);
        Assert.AreSame(boom, seen.Exception);
        Assert.AreSame(handle, seen.Handle);
        StringAssert.Contains(seen.Message, "Exception in callback");
        Assert.IsTrue(ranAfter, "one failing callback must not stop the loop");
    }

    [TestMethod]
    public void AFailingHandlerFallsBackToTheDefaultHandler()
    {
        var errors = new StringWriter();
        using var loop = TestLoops.Virtual(errors);
        loop.SetExceptionHandler((_, _) => throw new InvalidOperationException("handler broke"));
        loop.CallExceptionHandler(new ExceptionContext("original problem") { Exception = new ArgumentException("arg") });
        var text = errors.ToString();
        StringAssert.Contains(text, "Unhandled error in exception handler");
        StringAssert.Contains(text, "handler broke");
        StringAssert.Contains(text, "original problem");
        Assert.IsNotNull(loop.GetExceptionHandler());
        loop.SetExceptionHandler(null);
        Assert.IsNull(loop.GetExceptionHandler());
    }

    [TestMethod]
    public void DebugModeRejectsLoopCallsFromOtherThreads()
    {
        using var loop = new EventLoop(new EventLoopOptions { Debug = true, TimeProvider = new VirtualTimeProvider(), ErrorWriter = TextWriter.Null });
        Exception? error = null;
        async Coro Main()
        {
            await Coro.ToThread(() =>
            {
                try
                {
                    loop.CallSoon(() => { });
                }
                catch (InvalidOperationException e)
                {
                    error = e;
                }
            });
        }

        loop.RunUntilComplete(Main());
        Assert.IsNotNull(error);
        StringAssert.Contains(error.Message, "CallSoonThreadSafe");
    }

    [TestMethod]
    public void AVirtualTimeLoopWithNothingLeftToWakeItReportsADeadlock()
    {
        var clock = new VirtualTimeProvider { IdleLimit = TimeSpan.FromMilliseconds(100) };
        using var loop = new EventLoop(new EventLoopOptions { TimeProvider = clock, ErrorWriter = TextWriter.Null });
        async Coro<int> WaitForever() => await EventLoop.GetRunningLoop().CreateFuture<int>();
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => loop.RunUntilComplete(WaitForever()));
        StringAssert.Contains(error.Message, "Deadlock");
        Assert.IsFalse(loop.IsRunning);
    }
}
