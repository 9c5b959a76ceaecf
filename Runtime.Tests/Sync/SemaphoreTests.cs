using CoroGen.Sync;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Sync;

[TestClass]
public sealed class SemaphoreTests
{
    [TestMethod]
    public void ANegativeInitialValueIsRejected()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new AsyncSemaphore(-1));
        Assert.AreEqual(1, new AsyncSemaphore().Value, "the default is one permit");
        Assert.IsTrue(new AsyncSemaphore(0).Locked, "no permit: acquire would wait");
    }

    [TestMethod]
    public void AtMostValueTasksHoldPermitsAndTheyEnterInFifoOrder()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var semaphore = new AsyncSemaphore(2);
            var inside = 0;
            var most = 0;
            async Coro Worker(string name)
            {
                using (await semaphore.Acquire())
                {
                    inside++;
                    most = Math.Max(most, inside);
                    trace.Add(name);
                    await Coro.Sleep(1);
                    inside--;
                }
            }

            await Coro.Gather(Worker("a"), Worker("b"), Worker("c"), Worker("d"), Worker("e"));
            Assert.AreEqual(2, most);
            Assert.AreEqual(2, semaphore.Value, "every permit came back");
            Assert.IsFalse(semaphore.Locked);
        });
        CollectionAssert.AreEqual(new[] { "a", "b", "c", "d", "e" }, trace);
    }

    [TestMethod]
    public void AnUncontendedAcquireDoesNotSuspendAndCountsDown()
    {
        TestLoops.Run(async () =>
        {
            var semaphore = new AsyncSemaphore(3);
            var first = await semaphore.Acquire();
            var second = await semaphore.Acquire();
            Assert.AreEqual(1, semaphore.Value);
            Assert.IsFalse(semaphore.Locked);
            _ = await semaphore.Acquire();
            Assert.AreEqual(0, semaphore.Value);
            Assert.IsTrue(semaphore.Locked);
            first.Dispose();
            second.Dispose();
            Assert.AreEqual(2, semaphore.Value);
        });
    }

    [TestMethod]
    public void AReleasedPermitGoesToTheLongestWaiterNotToALateComer()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var semaphore = new AsyncSemaphore(1);
            var holder = await semaphore.Acquire();
            async Coro Waiter(string name)
            {
                using (await semaphore.Acquire())
                {
                    trace.Add(name);
                    await Coro.Sleep(0);
                }
            }

            var first = Coro.Spawn(Waiter("first"));
            var second = Coro.Spawn(Waiter("second"));
            await Coro.Sleep(0);
            holder.Dispose();

            // Handed over: the count never shows the permit, so a late comer cannot take it.
            Assert.AreEqual(0, semaphore.Value);
            Assert.IsTrue(semaphore.Locked);
            StringAssert.Contains(semaphore.ToString(), "waiters=1");
            var late = Coro.Spawn(Waiter("late"));
            await first;
            await second;
            await late;
            Assert.AreEqual(1, semaphore.Value);
        });
        CollectionAssert.AreEqual(new[] { "first", "second", "late" }, trace);
    }

    [TestMethod]
    public void ANewcomerWaitsBehindQueuedTasksEvenWhenReleasedMeanwhile()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var semaphore = new AsyncSemaphore(0);
            async Coro Waiter(string name)
            {
                using (await semaphore.Acquire())
                {
                    trace.Add(name);
                }
            }

            var queued = Coro.Spawn(Waiter("queued"));
            await Coro.Sleep(0);
            semaphore.Release();
            semaphore.Release();
            Assert.AreEqual(1, semaphore.Value, "one permit handed over, one counted");

            // The newcomer runs first in this step, but the queued task already owns its permit.
            using (await semaphore.Acquire())
            {
                trace.Add("newcomer");
            }

            await queued;
            Assert.AreEqual(2, semaphore.Value);
        });
        CollectionAssert.AreEqual(new[] { "newcomer", "queued" }, trace);
    }

    [TestMethod]
    public void AWaiterCancelledWhileQueuedTakesNothing()
    {
        TestLoops.Run(async () =>
        {
            var semaphore = new AsyncSemaphore(1);
            var holder = await semaphore.Acquire();
            async Coro<string> Wait()
            {
                using (await semaphore.Acquire())
                {
                    return "got it";
                }
            }

            var cancelled = Coro.Spawn(Wait());
            var next = Coro.Spawn(Wait());
            await Coro.Sleep(0);
            cancelled.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(cancelled);
            Assert.AreEqual(0, semaphore.Value);
            holder.Dispose();
            Assert.AreEqual("got it", await next);
            Assert.AreEqual(1, semaphore.Value, "nothing leaked");
        });
    }

    [TestMethod]
    public void AWaiterCancelledAfterTheHandOverPassesThePermitOn()
    {
        TestLoops.Run(async () =>
        {
            var semaphore = new AsyncSemaphore(1);
            var holder = await semaphore.Acquire();
            async Coro<string> Wait()
            {
                using (await semaphore.Acquire())
                {
                    return "got it";
                }
            }

            var first = Coro.Spawn(Wait());
            var second = Coro.Spawn(Wait());
            await Coro.Sleep(0);
            holder.Dispose();
            first.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(first);
            Assert.AreEqual("got it", await second);
            Assert.AreEqual(1, semaphore.Value, "nothing leaked");
        });
    }

    [TestMethod]
    public void AWaiterCancelledAfterTheHandOverWithNobodyBehindReturnsThePermit()
    {
        TestLoops.Run(async () =>
        {
            var semaphore = new AsyncSemaphore(0);
            async Coro Wait()
            {
                using (await semaphore.Acquire())
                {
                    Assert.Fail("a cancelled waiter must not get in");
                }
            }

            var waiter = Coro.Spawn(Wait());
            await Coro.Sleep(0);
            semaphore.Release();
            Assert.AreEqual(0, semaphore.Value, "handed over");
            waiter.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(waiter);
            Assert.AreEqual(1, semaphore.Value, "the refused permit is counted again");
            Assert.IsFalse(semaphore.Locked);
        });
    }

    [TestMethod]
    public void ATaskCancelledBeforeItSuspendsRaisesAtTheAcquire()
    {
        TestLoops.Run(async () =>
        {
            var semaphore = new AsyncSemaphore(0);
            async Coro Wait()
            {
                Coro.CurrentTask!.Value.Cancel();
                _ = await semaphore.Acquire();
            }

            await CoroTasksAssert.ThrowsAsync<CancelledError>(Coro.Spawn(Wait()));
            semaphore.Release();
            Assert.AreEqual(1, semaphore.Value);
            StringAssert.Contains(semaphore.ToString(), "unlocked value=1");
        });
    }

    [TestMethod]
    public void APlainSemaphoreMayBeReleasedAboveItsInitialValue()
    {
        var semaphore = new AsyncSemaphore(1);
        semaphore.Release();
        semaphore.Release();
        Assert.AreEqual(3, semaphore.Value);
        Assert.AreEqual("<AsyncSemaphore unlocked value=3>", semaphore.ToString());
    }
}
