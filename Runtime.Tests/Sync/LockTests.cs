using CoroGen.Sync;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Sync;

[TestClass]
public sealed class LockTests
{
    [TestMethod]
    public void OneTaskAtATimeInFifoOrder()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var gate = new AsyncLock();
            async Coro Worker(string name)
            {
                using (await gate.Acquire())
                {
                    trace.Add($"{name} in");
                    await Coro.Sleep(1);
                    trace.Add($"{name} out");
                }
            }

            await Coro.Gather(Worker("a"), Worker("b"), Worker("c"));
            Assert.IsFalse(gate.Locked);
        });
        CollectionAssert.AreEqual(new[] { "a in", "a out", "b in", "b out", "c in", "c out" }, trace);
    }

    [TestMethod]
    public void AReleasedLockGoesToTheLongestWaiterNotToALateComer()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var gate = new AsyncLock();
            async Coro Holder()
            {
                using (await gate.Acquire())
                {
                    await Coro.Sleep(1);
                }

                // Released: the waiter owns the lock now, though it has not run yet.
                Assert.IsTrue(gate.Locked);
                await Coro.Sleep(0);
            }

            async Coro Waiter()
            {
                using (await gate.Acquire())
                {
                    trace.Add("waiter");
                }
            }

            async Coro LateComer()
            {
                await Coro.Sleep(1);
                using (await gate.Acquire())
                {
                    trace.Add("late comer");
                }
            }

            await Coro.Gather(Holder(), Waiter(), LateComer());
        });
        CollectionAssert.AreEqual(new[] { "waiter", "late comer" }, trace);
    }

    [TestMethod]
    public void ACancelledWaiterNeitherTakesNorLeaksTheLock()
    {
        TestLoops.Run(async () =>
        {
            var gate = new AsyncLock();
            var holder = await gate.Acquire();
            async Coro<string> Wait()
            {
                using (await gate.Acquire())
                {
                    return "got it";
                }
            }

            var cancelled = Coro.Spawn(Wait());
            var next = Coro.Spawn(Wait());
            await Coro.Sleep(0);
            cancelled.Cancel();
            await Coro.Sleep(0);
            Assert.IsTrue(cancelled.Done);
            holder.Dispose();
            Assert.AreEqual("got it", await next);
            Assert.IsFalse(gate.Locked);
        });
    }

    [TestMethod]
    public void AWaiterCancelledAfterTheHandOverPassesTheLockOn()
    {
        TestLoops.Run(async () =>
        {
            var gate = new AsyncLock();
            var holder = await gate.Acquire();
            async Coro<string> Wait()
            {
                using (await gate.Acquire())
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
            Assert.IsFalse(gate.Locked, "nothing leaked");
        });
    }

    [TestMethod]
    public void ReleasingAnUnlockedLockIsAnError()
    {
        var gate = new AsyncLock();
        var error = Assert.ThrowsExactly<InvalidOperationException>(gate.Release);
        StringAssert.Contains(error.Message, "not acquired");
        StringAssert.Contains(gate.ToString(), "unlocked");
    }
}
