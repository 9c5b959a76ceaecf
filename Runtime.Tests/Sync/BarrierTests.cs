using CoroGen.Sync;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Sync;

[TestClass]
public sealed class BarrierTests
{
    [TestMethod]
    public void FewerThanOnePartyIsRejected()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new AsyncBarrier(0));
        var barrier = new AsyncBarrier(3);
        Assert.AreEqual(3, barrier.Parties);
        Assert.AreEqual(0, barrier.NWaiting);
        Assert.IsFalse(barrier.Broken);
        Assert.AreEqual("<AsyncBarrier filling waiters=0/3>", barrier.ToString());
        Assert.IsInstanceOfType<InvalidOperationException>(new BrokenBarrierError());
    }

    [TestMethod]
    public void TasksPassTogetherWithDistinctArrivalIndexes()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var barrier = new AsyncBarrier(3);
            async Coro<int> Party(string name)
            {
                trace.Add($"{name} arrives");
                var index = await barrier.Wait();
                trace.Add($"{name} passes");
                return index;
            }

            var a = Coro.Spawn(Party("a"));
            var b = Coro.Spawn(Party("b"));
            await Coro.Sleep(0);
            Assert.AreEqual(2, barrier.NWaiting);
            StringAssert.Contains(barrier.ToString(), "filling waiters=2/3");
            Assert.AreEqual(2, await Party("c"), "the last arrival does not wait");
            Assert.AreEqual(0, barrier.NWaiting, "draining");
            Assert.AreEqual(0, await a);
            Assert.AreEqual(1, await b);
            Assert.AreEqual("<AsyncBarrier filling waiters=0/3>", barrier.ToString());
        });
        CollectionAssert.AreEqual(new[] { "a arrives", "b arrives", "c arrives", "c passes", "a passes", "b passes" }, trace);
    }

    [TestMethod]
    public void OnePartyNeverWaits()
    {
        TestLoops.Run(async () =>
        {
            var barrier = new AsyncBarrier(1);
            Assert.AreEqual(0, await barrier.Wait());
            Assert.AreEqual(0, await barrier.Wait());
        });
    }

    [TestMethod]
    public void ArrivalsWhileDrainingWaitForTheNextRound()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var barrier = new AsyncBarrier(2);
            async Coro<int> Party(string name)
            {
                var index = await barrier.Wait();
                trace.Add($"{name} {index}");
                return index;
            }

            var a = Coro.Spawn(Party("a"));
            await Coro.Sleep(0);
            Assert.AreEqual(1, await Party("b"));

            // a has not left yet: the barrier drains, so c and d wait for the next round.
            var c = Coro.Spawn(Party("c"));
            var d = Coro.Spawn(Party("d"));
            Assert.AreEqual(0, await a);
            Assert.AreEqual(0, await c);
            Assert.AreEqual(1, await d);
        });
        CollectionAssert.AreEqual(new[] { "b 1", "a 0", "d 1", "c 0" }, trace);
    }

    [TestMethod]
    public void ResetBreaksTheCurrentWaitersAndEmptiesTheBarrier()
    {
        TestLoops.Run(async () =>
        {
            var barrier = new AsyncBarrier(3);
            var a = Coro.Spawn(barrier.Wait());
            var b = Coro.Spawn(barrier.Wait());
            await Coro.Sleep(0);
            barrier.Reset();
            Assert.IsFalse(barrier.Broken);
            Assert.AreEqual(0, barrier.NWaiting, "resetting");

            // A task arriving before the waiters have left waits for the reset to finish.
            var late = Coro.Spawn(barrier.Wait());
            var error = await CoroTasksAssert.ThrowsAsync<BrokenBarrierError>(a);
            Assert.AreEqual("Abort or reset of barrier", error.Message);
            await CoroTasksAssert.ThrowsAsync<BrokenBarrierError>(b);
            await Coro.Sleep(0);
            Assert.AreEqual(1, barrier.NWaiting, "the late task is the first of a fresh round");
            var second = Coro.Spawn(barrier.Wait());
            await Coro.Sleep(0);
            Assert.AreEqual(2, await barrier.Wait());
            Assert.AreEqual(0, await late);
            Assert.AreEqual(1, await second);
        });
    }

    [TestMethod]
    public void ResettingAnEmptyBarrierChangesNothing()
    {
        TestLoops.Run(async () =>
        {
            var barrier = new AsyncBarrier(2);
            barrier.Reset();
            var a = Coro.Spawn(barrier.Wait());
            await Coro.Sleep(0);
            Assert.AreEqual(1, await barrier.Wait());
            Assert.AreEqual(0, await a);
        });
    }

    [TestMethod]
    public void AbortBreaksCurrentAndFutureWaitsUntilReset()
    {
        TestLoops.Run(async () =>
        {
            var barrier = new AsyncBarrier(2);
            var waiter = Coro.Spawn(barrier.Wait());
            await Coro.Sleep(0);
            barrier.Abort();
            Assert.IsTrue(barrier.Broken);
            StringAssert.Contains(barrier.ToString(), "broken");
            var error = await CoroTasksAssert.ThrowsAsync<BrokenBarrierError>(waiter);
            Assert.AreEqual("Abort or reset of barrier", error.Message);
            error = await CoroTasksAssert.ThrowsAsync<BrokenBarrierError>(Coro.Spawn(barrier.Wait()));
            Assert.AreEqual("Barrier aborted", error.Message);
            barrier.Reset();
            Assert.IsFalse(barrier.Broken);
            var again = Coro.Spawn(barrier.Wait());
            await Coro.Sleep(0);
            Assert.AreEqual(1, await barrier.Wait());
            Assert.AreEqual(0, await again);
        });
    }

    [TestMethod]
    public void AbortWhileDrainingBreaksTheTasksThatHaveNotLeftYet()
    {
        TestLoops.Run(async () =>
        {
            var barrier = new AsyncBarrier(2);
            var a = Coro.Spawn(barrier.Wait());
            await Coro.Sleep(0);

            // Both run after the barrier passes but before a leaves it.
            var blocked = Coro.Spawn(barrier.Wait());
            async Coro Abort() => barrier.Abort();
            var aborter = Coro.Spawn(Abort());
            Assert.AreEqual(1, await barrier.Wait());
            var error = await CoroTasksAssert.ThrowsAsync<BrokenBarrierError>(blocked);
            Assert.AreEqual("Barrier aborted", error.Message);
            error = await CoroTasksAssert.ThrowsAsync<BrokenBarrierError>(a);
            Assert.AreEqual("Abort or reset of barrier", error.Message, "as in asyncio, the state is checked when the waiter runs");
            await aborter;
            Assert.IsTrue(barrier.Broken);
        });
    }

    [TestMethod]
    public void AWaiterCancelledWhileFillingLeavesAndTheOthersStillPass()
    {
        TestLoops.Run(async () =>
        {
            var barrier = new AsyncBarrier(3);
            var a = Coro.Spawn(barrier.Wait());
            var cancelled = Coro.Spawn(barrier.Wait());
            await Coro.Sleep(0);
            Assert.AreEqual(2, barrier.NWaiting);
            cancelled.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(cancelled);
            Assert.AreEqual(1, barrier.NWaiting, "the cancelled task left");
            Assert.IsFalse(barrier.Broken);
            var b = Coro.Spawn(barrier.Wait());
            await Coro.Sleep(0);
            Assert.IsFalse(a.Done, "two of three parties are waiting");

            // asyncio numbers arrivals by the count inside: the cancelled task's index is reused.
            Assert.AreEqual(2, await barrier.Wait());
            Assert.AreEqual(0, await a);
            Assert.AreEqual(1, await b);
            Assert.AreEqual(0, barrier.NWaiting);
        });
    }

    [TestMethod]
    public void AWaiterCancelledAfterTheBarrierPassedRaisesAndTheRoundCompletes()
    {
        TestLoops.Run(async () =>
        {
            var barrier = new AsyncBarrier(3);
            var cancelled = Coro.Spawn(barrier.Wait());
            var a = Coro.Spawn(barrier.Wait());
            await Coro.Sleep(0);
            Assert.AreEqual(2, await barrier.Wait());
            cancelled.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(cancelled);
            Assert.AreEqual(1, await a);

            // Everyone has left: the barrier fills again.
            var next = Coro.Spawn(barrier.Wait());
            await Coro.Sleep(0);
            Assert.AreEqual(1, barrier.NWaiting);
            next.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(next);
            Assert.AreEqual(0, barrier.NWaiting);
        });
    }

    [TestMethod]
    public void ATaskCancelledWhileWaitingForADrainSimplyLeaves()
    {
        TestLoops.Run(async () =>
        {
            var barrier = new AsyncBarrier(2);
            var a = Coro.Spawn(barrier.Wait());
            await Coro.Sleep(0);

            // blocked and other arrive after the barrier passes, before a leaves it.
            var blocked = Coro.Spawn(barrier.Wait());
            var other = Coro.Spawn(barrier.Wait());
            async Coro Cancel()
            {
                Assert.AreEqual(0, barrier.NWaiting, "draining");
                blocked.Cancel();
            }

            var canceller = Coro.Spawn(Cancel());
            Assert.AreEqual(1, await barrier.Wait());
            await CoroTasksAssert.ThrowsAsync<CancelledError>(blocked);
            await canceller;
            Assert.AreEqual(0, await a);
            await Coro.Sleep(0);
            Assert.AreEqual(1, barrier.NWaiting, "only the other task entered the next round");
            Assert.AreEqual(1, await barrier.Wait());
            Assert.AreEqual(0, await other);
        });
    }
}
