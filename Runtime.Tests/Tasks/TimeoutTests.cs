using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Tasks;

[TestClass]
public sealed class TimeoutTests
{
    private static async Coro<int> After(double seconds, int value, List<string>? trace = null)
    {
        try
        {
            await Coro.Sleep(seconds);
            return value;
        }
        finally
        {
            trace?.Add($"finally {value}");
        }
    }

    [TestMethod]
    public void WaitForReturnsTheResultInTime()
    {
        Assert.AreEqual(1, TestLoops.Run(() => Coro.WaitFor(After(1, 1), TimeSpan.FromSeconds(2))));
        Assert.AreEqual(2, TestLoops.Run(() => Coro.WaitFor(After(100, 2), null)));
    }

    [TestMethod]
    public void WaitForCancelsTheInnerWorkAndWaitsForItBeforeRaisingTimeout()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var start = loop.Time;
            try
            {
                await Coro.WaitFor(After(10, 1, trace), TimeSpan.FromSeconds(2));
                Assert.Fail("must time out");
            }
            catch (TimeoutException e)
            {
                trace.Add("timeout");
                Assert.IsInstanceOfType<CancelledError>(e.InnerException);
            }

            Assert.AreEqual(2.0, loop.Time - start, 1e-9);
            Assert.AreEqual(0, Coro.CurrentTask!.Value.Cancelling(), "the timeout withdrew its own cancellation");
        });
        CollectionAssert.AreEqual(new[] { "finally 1", "timeout" }, trace);
    }

    [TestMethod]
    public void WaitForATaskCancelsTheTaskOnTimeout()
    {
        TestLoops.Run(async () =>
        {
            var task = Coro.Spawn(After(10, 1));
            var cancelled = false;
            task.AddDoneCallback(t => cancelled = t.Cancelled);
            var timeout = Coro.Spawn(Coro.WaitFor(task, TimeSpan.FromSeconds(1)));
            await CoroTests.AssertThrows<TimeoutException>(timeout);
            await Coro.Sleep(0);
            Assert.IsTrue(cancelled);
        });
    }

    [TestMethod]
    public void TimeoutCanBeRescheduledFromInsideTheBlock()
    {
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var timeout = Coro.Timeout(TimeSpan.FromSeconds(1));
            Assert.AreEqual(loop.Time + 1, timeout.When!.Value, 1e-9);
            Assert.ThrowsExactly<InvalidOperationException>(() => timeout.Reschedule(5));

            async Coro<string> Body(CoroTimeout scope)
            {
                scope.Reschedule(loop.Time + 10);
                await Coro.Sleep(5);
                scope.Reschedule(null);
                await Coro.Sleep(100);
                return "finished";
            }

            Assert.AreEqual("finished", await timeout.Run(Body(timeout)));
            Assert.IsFalse(timeout.Expired);
            var reused = await CoroTests.AssertThrows<InvalidOperationException>(Coro.Spawn(timeout.Run(After(0, 1))));
            StringAssert.Contains(reused.Message, "already been used");
        });
    }

    [TestMethod]
    public void ExpiredReportsTheDeadlineAndADeadlineInThePastFiresNextIteration()
    {
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var timeout = Coro.TimeoutAt(loop.Time - 1);
            var task = Coro.Spawn(timeout.Run(After(1, 1)));
            await CoroTests.AssertThrows<TimeoutException>(task);
            Assert.IsTrue(timeout.Expired);
            Assert.ThrowsExactly<InvalidOperationException>(() => timeout.Reschedule(loop.Time + 1));
        });
    }

    [TestMethod]
    public void NestedTimeoutsEachCatchOnlyTheirOwnExpiry()
    {
        TestLoops.Run(async () =>
        {
            async Coro<string> Inner()
            {
                try
                {
                    await Coro.Timeout(TimeSpan.FromSeconds(1), After(5, 1));
                    return "no timeout";
                }
                catch (TimeoutException)
                {
                    return "inner timed out";
                }
            }

            Assert.AreEqual("inner timed out", await Coro.Timeout(TimeSpan.FromSeconds(10), Inner()));

            var outerFired = Coro.Spawn(Coro.Timeout(TimeSpan.FromSeconds(1), Coro.Timeout(TimeSpan.FromSeconds(10), After(5, 2))));
            await CoroTests.AssertThrows<TimeoutException>(outerFired);
        });
    }

    [TestMethod]
    public void AnOutsideCancellationPassesThroughAsCancelledError()
    {
        TestLoops.Run(async () =>
        {
            var task = Coro.Spawn(Coro.WaitFor(After(10, 1), TimeSpan.FromSeconds(5)));
            await Coro.Sleep(1);
            task.Cancel();
            await CoroTests.AssertThrows<CancelledError>(task);
        });
    }

    [TestMethod]
    public void ATimeoutNeedsATask()
    {
        using var loop = TestLoops.Virtual();
        InvalidOperationException? error = null;
        loop.CallSoon(() =>
        {
            var awaiter = Coro.Timeout(TimeSpan.FromSeconds(1)).Run(After(0, 1)).GetAwaiter();
            try
            {
                awaiter.GetResult();
            }
            catch (InvalidOperationException e)
            {
                error = e;
            }

            loop.Stop();
        });
        loop.RunForever();
        Assert.IsNotNull(error);
        StringAssert.Contains(error.Message, "outside a running CoroGen task");
    }
}
