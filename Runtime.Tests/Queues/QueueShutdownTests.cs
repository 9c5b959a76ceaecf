using CoroGen.Queues;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Queues;

/// <summary>Python 3.13's <c>Queue.shutdown(immediate=False/True)</c>.</summary>
[TestClass]
public sealed class QueueShutdownTests
{
    [TestMethod]
    public void PutsRaiseAfterShutdown()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>();
            queue.Shutdown();
            var error = Assert.ThrowsExactly<QueueShutDown>(() => queue.PutNowait(1));
            Assert.AreEqual("The queue is shut down.", error.Message);
            async Coro Put() => await queue.Put(2);
            await CoroTasksAssert.ThrowsAsync<QueueShutDown>(Coro.Spawn(Put()));
            Assert.IsTrue(queue.Empty);
            StringAssert.EndsWith(queue.ToString(), "shut down>");
        });
    }

    [TestMethod]
    public void GetsDrainTheRemainingItemsThenRaise()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>();
            queue.PutNowait(1);
            queue.PutNowait(2);
            queue.Shutdown();
            Assert.AreEqual(1, await queue.Get());
            Assert.AreEqual(2, queue.GetNowait());
            Assert.ThrowsExactly<QueueShutDown>(() => queue.GetNowait());
            async Coro<int> Get() => await queue.Get();
            await CoroTasksAssert.ThrowsAsync<QueueShutDown>(Coro.Spawn(Get()));
        });
    }

    [TestMethod]
    public void ShutdownWakesBlockedGettersWithQueueShutDown()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>();
            async Coro<int> Get() => await queue.Get();
            var getters = new[] { Coro.Spawn(Get()), Coro.Spawn(Get()) };
            await Coro.Sleep(1);
            queue.Shutdown();
            foreach (var getter in getters)
            {
                await CoroTasksAssert.ThrowsAsync<QueueShutDown>(getter);
            }
        });
    }

    [TestMethod]
    public void ShutdownWakesBlockedPuttersWithQueueShutDownAndAddsNothing()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>(maxSize: 1);
            queue.PutNowait(1);
            async Coro Put(int item) => await queue.Put(item);
            var putters = new[] { Coro.Spawn(Put(2)), Coro.Spawn(Put(3)) };
            await Coro.Sleep(1);
            queue.Shutdown();
            foreach (var putter in putters)
            {
                await CoroTasksAssert.ThrowsAsync<QueueShutDown>(putter);
            }

            Assert.AreEqual(1, await queue.Get());
            Assert.IsTrue(queue.Empty);
        });
    }

    [TestMethod]
    public void APutterWokenBeforeShutdownStillRaises()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>(maxSize: 1);
            queue.PutNowait(1);
            async Coro Put() => await queue.Put(2);
            var putter = Coro.Spawn(Put());
            await Coro.Sleep(0);
            Assert.AreEqual(1, queue.GetNowait());
            queue.Shutdown();
            await CoroTasksAssert.ThrowsAsync<QueueShutDown>(putter);
            Assert.IsTrue(queue.Empty);
        });
    }

    [TestMethod]
    public void AGetterWokenBeforeAPlainShutdownStillGetsItsItem()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>();
            async Coro<int> Get() => await queue.Get();
            var woken = Coro.Spawn(Get());
            var waiting = Coro.Spawn(Get());
            await Coro.Sleep(0);
            queue.PutNowait(5);
            queue.Shutdown();
            Assert.AreEqual(5, await woken);
            await CoroTasksAssert.ThrowsAsync<QueueShutDown>(waiting);
        });
    }

    [TestMethod]
    public void AnImmediateShutdownDiscardsTheItemsAndReleasesJoin()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>();
            queue.PutNowait(1);
            queue.PutNowait(2);
            queue.PutNowait(3);
            Assert.AreEqual(1, await queue.Get());
            async Coro Join() => await queue.Join();
            var joiner = Coro.Spawn(Join());
            await Coro.Sleep(0);
            queue.Shutdown(immediate: true);
            Assert.IsTrue(queue.Empty);
            await Coro.Sleep(0);
            Assert.IsFalse(joiner.Done, "the item already got is still unfinished");
            queue.TaskDone();
            await joiner;
            Assert.ThrowsExactly<InvalidOperationException>(queue.TaskDone);
            Assert.ThrowsExactly<QueueShutDown>(() => queue.GetNowait());
        });
    }

    [TestMethod]
    public void AnImmediateShutdownWithNothingGotReleasesJoinAtOnce()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>();
            queue.PutNowait(1);
            queue.PutNowait(2);
            async Coro Join() => await queue.Join();
            var joiner = Coro.Spawn(Join());
            await Coro.Sleep(0);
            queue.Shutdown(immediate: true);
            await joiner;
        });
    }

    [TestMethod]
    public void APlainShutdownKeepsJoinWaitingForTheWork()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>();
            queue.PutNowait(1);
            async Coro Join() => await queue.Join();
            var joiner = Coro.Spawn(Join());
            queue.Shutdown();
            await Coro.Sleep(1);
            Assert.IsFalse(joiner.Done);
            Assert.AreEqual(1, await queue.Get());
            queue.TaskDone();
            await joiner;
        });
    }

    [TestMethod]
    public void AnImmediateShutdownRaisesInAGetterAlreadyWoken()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncLifoQueue<int>();
            async Coro<int> Get() => await queue.Get();
            var woken = Coro.Spawn(Get());
            await Coro.Sleep(0);
            queue.PutNowait(5);
            queue.Shutdown(immediate: true);
            queue.Shutdown(immediate: true);
            await CoroTasksAssert.ThrowsAsync<QueueShutDown>(woken);
            await queue.Join();
        });
    }
}
