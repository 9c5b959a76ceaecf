using CoroGen.Sync;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Sync;

[TestClass]
public sealed class BoundedSemaphoreTests
{
    [TestMethod]
    public void ReleasingPastTheInitialValueIsAnError()
    {
        var semaphore = new AsyncBoundedSemaphore(2);
        Assert.IsInstanceOfType<AsyncSemaphore>(semaphore);
        Assert.AreEqual(2, semaphore.Bound);
        var error = Assert.ThrowsExactly<InvalidOperationException>(semaphore.Release);
        Assert.AreEqual("BoundedSemaphore released too many times", error.Message);
        Assert.AreEqual(2, semaphore.Value, "a refused release changes nothing");
        Assert.AreEqual("<AsyncBoundedSemaphore unlocked value=2/2>", semaphore.ToString());
    }

    [TestMethod]
    public void AZeroBoundSemaphoreCanNeverBeReleased()
    {
        var semaphore = new AsyncBoundedSemaphore(0);
        Assert.IsTrue(semaphore.Locked);
        Assert.ThrowsExactly<InvalidOperationException>(semaphore.Release);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new AsyncBoundedSemaphore(-1));
    }

    [TestMethod]
    public void AcquireAndReleaseStayWithinTheBound()
    {
        TestLoops.Run(async () =>
        {
            var semaphore = new AsyncBoundedSemaphore(2);
            var trace = new List<string>();
            async Coro Worker(string name)
            {
                using (await semaphore.Acquire())
                {
                    trace.Add(name);
                    await Coro.Sleep(1);
                }
            }

            await Coro.Gather(Worker("a"), Worker("b"), Worker("c"));
            CollectionAssert.AreEqual(new[] { "a", "b", "c" }, trace);
            Assert.AreEqual(2, semaphore.Value);
            Assert.ThrowsExactly<InvalidOperationException>(semaphore.Release);
        });
    }

    [TestMethod]
    public void AReleaseThatHandsThePermitOverIsWithinTheBound()
    {
        TestLoops.Run(async () =>
        {
            var semaphore = new AsyncBoundedSemaphore(1);
            var holder = await semaphore.Acquire();
            async Coro<int> Wait()
            {
                using (await semaphore.Acquire())
                {
                    return semaphore.Value;
                }
            }

            var waiter = Coro.Spawn(Wait());
            await Coro.Sleep(0);
            holder.Dispose();
            Assert.AreEqual(0, await waiter);
            Assert.AreEqual(1, semaphore.Value);
            var error = Assert.ThrowsExactly<InvalidOperationException>(semaphore.Release);
            StringAssert.Contains(error.Message, "released too many times");
        });
    }

    [TestMethod]
    public void AWaiterCancelledAfterTheHandOverReturnsThePermitWithoutBreakingTheBound()
    {
        TestLoops.Run(async () =>
        {
            var semaphore = new AsyncBoundedSemaphore(1);
            var holder = await semaphore.Acquire();
            async Coro Wait()
            {
                using (await semaphore.Acquire())
                {
                    Assert.Fail("a cancelled waiter must not get in");
                }
            }

            var waiter = Coro.Spawn(Wait());
            await Coro.Sleep(0);
            holder.Dispose();
            waiter.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(waiter);
            Assert.AreEqual(1, semaphore.Value, "the refused permit came back");
            Assert.ThrowsExactly<InvalidOperationException>(semaphore.Release);
        });
    }

    [TestMethod]
    public void AWaiterCancelledWhileQueuedLeavesTheCountAlone()
    {
        TestLoops.Run(async () =>
        {
            var semaphore = new AsyncBoundedSemaphore(1);
            var holder = await semaphore.Acquire();
            async Coro Wait()
            {
                using (await semaphore.Acquire())
                {
                }
            }

            var waiter = Coro.Spawn(Wait());
            await Coro.Sleep(0);
            waiter.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(waiter);
            Assert.AreEqual(0, semaphore.Value);
            holder.Dispose();
            Assert.AreEqual(1, semaphore.Value);
        });
    }
}
