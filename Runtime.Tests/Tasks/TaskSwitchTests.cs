using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Tasks;

/// <summary>
/// The task switch (a task awaits <c>Sleep(0)</c>, the loop steps the next ready item): FIFO
/// order with callbacks, the current task, cancellation at the yield, and 0 B per switch, on
/// generated machines (the machine path) and plain <c>async Coro</c> methods (the builder path).
/// </summary>
[TestClass]
public sealed partial class TaskSwitchTests
{
    [Coroutine]
    private static async partial Coro<int> Yielder(string name, int count, List<string> trace)
    {
        for (var i = 0; i < count; i++)
        {
            trace.Add($"{name}{i}:{(Coro.CurrentTask?.Name == name ? "me" : "not me")}");
            await Coro.Sleep(0);
        }

        return count;
    }

    [Coroutine]
    private static async partial Coro<int> CountYields(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Coro.Sleep(0);
        }

        return count;
    }

    [TestMethod]
    public void YieldingTasksAndCallbacksInterleaveInFifoOrder()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var a = Coro.Spawn(Yielder("a", 3, trace), name: "a");
            loop.CallSoon(() => trace.Add($"cb1:{(Coro.CurrentTask is null ? "no task" : "task")}"));
            var b = Coro.Spawn(Yielder("b", 3, trace), name: "b");
            loop.CallSoon(() => trace.Add($"cb2:{(Coro.CurrentTask is null ? "no task" : "task")}"));
            Assert.AreEqual(6, await a + await b);
        });

        CollectionAssert.AreEqual(
            new[] { "a0:me", "cb1:no task", "b0:me", "cb2:no task", "a1:me", "b1:me", "a2:me", "b2:me" },
            trace,
            string.Join(",", trace));
    }

    [TestMethod]
    public void AnEagerTaskIsCurrentDuringItsFirstStepAndItsSpawnerAfterwards()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var me = Coro.CurrentTask!.Value;
            var child = Coro.Spawn(Yielder("child", 2, trace), name: "child", eagerStart: true);
            Assert.AreEqual(me, Coro.CurrentTask!.Value, "the spawner is current again once the eager step suspended");
            Assert.AreEqual(1, trace.Count, "the eager step ran inside Spawn");
            await Coro.Sleep(0);
            Assert.AreEqual(me, Coro.CurrentTask!.Value);
            Assert.AreEqual(2, await child);
        });

        CollectionAssert.AreEqual(new[] { "child0:me", "child1:me" }, trace, string.Join(",", trace));
    }

    [TestMethod]
    public void NoTaskIsCurrentOutsideTheLoopOrAfterARun()
    {
        Assert.IsNull(Coro.CurrentTask);
        var loop = TestLoops.Virtual();
        Assert.AreEqual(3, loop.RunUntilComplete(CountYields(3)));
        Assert.IsNull(Coro.CurrentTask);
        loop.Dispose();
    }

    [TestMethod]
    public void ACancellationWhileQueuedAfterAYieldIsRaisedAtThatYield()
    {
        TestLoops.Run(async () =>
        {
            var reached = 0;
            var victim = Coro.Spawn(Loop());
            await Coro.Sleep(0);
            await Coro.Sleep(0);
            Assert.AreEqual(2, reached);

            // The victim is in the ready queue, suspended at its yield.
            Assert.IsTrue(victim.Cancel("stop"));
            var error = await CoroTests.AssertThrows<CancelledError>(victim);
            Assert.AreEqual("stop", error.Message);
            Assert.AreEqual(2, reached, "the cancellation was raised at the pending yield; the body did not go on");

            async Coro<int> Loop()
            {
                while (true)
                {
                    reached++;
                    await Coro.Sleep(0);
                }
            }
        });
    }

    [TestMethod]
    public void UncancelBeforeAQueuedYieldResumesWithdrawsTheCancellation()
    {
        // asyncio (3.13+): sleep(0) waits on nothing, so the request is only pending (_must_cancel),
        // and uncancel() to zero drops it.
        TestLoops.Run(async () =>
        {
            var victim = Coro.Spawn(CountYields(3));
            await Coro.Sleep(0);
            Assert.IsTrue(victim.Cancel());
            Assert.AreEqual(0, victim.Uncancel());
            Assert.AreEqual(3, await victim);
        });
    }

    [TestMethod]
    public void ACancellationOfAGeneratedMachineIsRaisedAtItsSleep0()
    {
        TestLoops.Run(async () =>
        {
            var victim = Coro.Spawn(CountYields(1_000));
            await Coro.Sleep(0);
            await Coro.Sleep(0);
            victim.Cancel();
            await CoroTests.AssertThrows<CancelledError>(victim);
        });
    }

    [TestMethod]
    public void RaisedAndAbandonedCancellationsStopCountingForTheAwaitersFastCheck()
    {
        var baseline = TaskBox.DeliveredCancelCount;
        TestLoops.Run(async () =>
        {
            var victim = Coro.Spawn(CountYields(1_000));
            await Coro.Sleep(0);
            victim.Cancel();
            await CoroTests.AssertThrows<CancelledError>(victim);
        });
        Assert.AreEqual(baseline, TaskBox.DeliveredCancelCount, "a raised cancellation no longer counts");

        // A sleeping task is cancelled (its delivery is counted) and the loop stops and closes before it resumes.
        var loop = TestLoops.Virtual();
        var sleeper = loop.Spawn(SleepLong());
        loop.CallSoon(() =>
        {
            sleeper.Cancel();
            loop.Stop();
        });
        loop.RunForever();
        Assert.IsFalse(sleeper.Done);
        Assert.AreEqual(baseline + 1, TaskBox.DeliveredCancelCount);
        loop.Dispose();
        Assert.AreEqual(baseline, TaskBox.DeliveredCancelCount, "a closed loop's tasks never resume: their deliveries stop counting");

        static async Coro<int> SleepLong()
        {
            await Coro.Sleep(3600);
            return 1;
        }
    }

    [TestMethod]
    public void BusyYieldingTasksStillSeePostsFromOtherThreadsTimersAndStop()
    {
        // The batch loop chains batches while nothing else needs the loop; a post from another
        // thread, a due timer and Stop must each still get through.
        var loop = new EventLoop(new CoroGen.Loop.EventLoopOptions { ErrorWriter = TextWriter.Null });
        var posted = false;
        var timerFired = false;
        var spins = 0;
        var spinner = loop.Spawn(Spin());
        var poster = new Thread(() => loop.CallSoonThreadSafe(() => posted = true));
        loop.CallSoon(poster.Start);
        Assert.AreEqual("posted", loop.RunUntilComplete(UntilPosted()));
        poster.Join();
        loop.CallLater(TimeSpan.FromMilliseconds(20), () => timerFired = true);
        Assert.AreEqual("timer", loop.RunUntilComplete(UntilTimer()));
        loop.CallSoon(loop.Stop);
        var before = spins;
        loop.RunForever();
        Assert.IsTrue(spins - before <= 2, "Stop ends the loop after the batch it ran in");
        spinner.Cancel();
        Assert.ThrowsExactly<CancelledError>(() => loop.RunUntilComplete(spinner));
        loop.Dispose();

        async Coro<int> Spin()
        {
            while (true)
            {
                spins++;
                await Coro.Sleep(0);
            }
        }

        async Coro<string> UntilPosted()
        {
            while (!posted)
            {
                await Coro.Sleep(0);
            }

            return "posted";
        }

        async Coro<string> UntilTimer()
        {
            while (!timerFired)
            {
                await Coro.Sleep(0);
            }

            return "timer";
        }
    }

    [Coroutine]
    private static async partial Coro<int> ThrowAfterYields(string name, int count, List<string> trace)
    {
        for (var i = 0; i < count; i++)
        {
            trace.Add($"{name}{i}");
            await Coro.Sleep(0);
        }

        trace.Add($"{name} throws:{(Coro.CurrentTask?.Name == name ? "me" : "not me")}");
        throw new InvalidOperationException("boom");
    }

    [TestMethod]
    public void AMachineThatThrowsInABatchFaultsItsTaskAndTheBatchGoesOnInOrder()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var a = Coro.Spawn(Yielder("a", 3, trace), name: "a");
            var t = Coro.Spawn(ThrowAfterYields("t", 1, trace), name: "t");
            loop.CallSoon(() => trace.Add($"cb:{(Coro.CurrentTask is null ? "no task" : "task")}"));
            var b = Coro.Spawn(Yielder("b", 3, trace), name: "b");
            Assert.AreEqual(6, await a + await b);
            try
            {
                await t;
                Assert.Fail("the task should have faulted");
            }
            catch (InvalidOperationException e)
            {
                Assert.AreEqual("boom", e.Message);
            }

            Assert.IsTrue(t.Done);
        });

        CollectionAssert.AreEqual(
            new[] { "a0:me", "t0", "cb:no task", "b0:me", "a1:me", "t throws:me", "b1:me", "a2:me", "b2:me" },
            trace,
            string.Join(",", trace));
    }

    [Coroutine]
    private static async partial Coro<long> MeasureSwitches(int warmup, int measured)
    {
        var a = Coro.Spawn(CountYields(warmup + measured + 100));
        for (var i = 0; i < warmup; i++)
        {
            await Coro.Sleep(0);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < measured; i++)
        {
            await Coro.Sleep(0);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        _ = await a;
        return allocated;
    }

    [TestMethod]
    public void ASwitchAllocatesNothing() =>
        Assert.AreEqual(0L, EventLoop.Run(MeasureSwitches(2_000, 20_000)), "bytes allocated over 20,000 Sleep(0) switches of two generated machines");
}
