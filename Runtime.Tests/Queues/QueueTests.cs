using CoroGen.Queues;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Queues;

[TestClass]
public sealed class QueueTests
{
    [TestMethod]
    public void ItemsComeOutInTheOrderTheyWentIn()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>(maxSize: 3);
            Assert.IsTrue(queue.Empty);
            await queue.Put(1);
            queue.PutNowait(2);
            await queue.Put(3);
            Assert.AreEqual(3, queue.Count);
            Assert.IsTrue(queue.Full);
            Assert.IsFalse(queue.Empty);
            Assert.AreEqual(1, await queue.Get());
            Assert.AreEqual(2, queue.GetNowait());
            Assert.AreEqual(3, await queue.Get());
            Assert.IsTrue(queue.Empty);
            Assert.IsFalse(queue.Full);
        });
    }

    [TestMethod]
    public void AMaxSizeOfZeroOrLessIsUnbounded()
    {
        foreach (var maxSize in new[] { 0, -1 })
        {
            var queue = new AsyncQueue<int>(maxSize);
            for (var i = 0; i < 5_000; i++)
            {
                queue.PutNowait(i);
            }

            Assert.AreEqual(maxSize, queue.MaxSize);
            Assert.AreEqual(5_000, queue.Count);
            Assert.IsFalse(queue.Full, "full() is never true for an unbounded queue");
        }
    }

    [TestMethod]
    public void PutWaitsWhileTheQueueIsFull()
    {
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var queue = new AsyncQueue<string>(maxSize: 1);
            queue.PutNowait("first");
            async Coro<double> Producer()
            {
                await queue.Put("second");
                return loop.Time;
            }

            var producer = Coro.Spawn(Producer());
            await Coro.Sleep(5);
            Assert.IsFalse(producer.Done, "the producer waits for a free slot");
            Assert.AreEqual("first", await queue.Get());
            Assert.AreEqual(5.0, await producer);
            Assert.AreEqual("second", queue.GetNowait());
        });
    }

    [TestMethod]
    public void GetWaitsWhileTheQueueIsEmpty()
    {
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var queue = new AsyncQueue<int>();
            async Coro<(int, double)> Consumer() => (await queue.Get(), loop.Time);
            var consumer = Coro.Spawn(Consumer());
            await Coro.Sleep(3);
            Assert.IsFalse(consumer.Done);
            await queue.Put(42);
            Assert.AreEqual((42, 3.0), await consumer);
        });
    }

    [TestMethod]
    public void BlockedPuttersAreServedInArrivalOrder()
    {
        var items = new List<string>();
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<string>(maxSize: 1);
            queue.PutNowait("initial");
            async Coro Putter(string name) => await queue.Put(name);
            var putters = new[] { Coro.Spawn(Putter("a")), Coro.Spawn(Putter("b")), Coro.Spawn(Putter("c")) };
            await Coro.Sleep(0);
            StringAssert.Contains(queue.ToString(), "putters=3");
            for (var i = 0; i < 4; i++)
            {
                items.Add(await queue.Get());
                await Coro.Sleep(0);
            }

            foreach (var putter in putters)
            {
                await putter;
            }
        });
        CollectionAssert.AreEqual(new[] { "initial", "a", "b", "c" }, items);
    }

    [TestMethod]
    public void BlockedGettersAreServedInArrivalOrder()
    {
        var got = new List<string>();
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>();
            async Coro Getter(string name) => got.Add($"{name}:{await queue.Get()}");
            var getters = new[] { Coro.Spawn(Getter("a")), Coro.Spawn(Getter("b")), Coro.Spawn(Getter("c")) };
            await Coro.Sleep(0);
            StringAssert.Contains(queue.ToString(), "getters=3");
            queue.PutNowait(1);
            queue.PutNowait(2);
            queue.PutNowait(3);
            foreach (var getter in getters)
            {
                await getter;
            }
        });
        CollectionAssert.AreEqual(new[] { "a:1", "b:2", "c:3" }, got);
    }

    [TestMethod]
    public void ANewcomerNeverTakesAnItemOwedToAWokenGetter()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>();
            async Coro<int> Getter() => await queue.Get();
            var waiting = Coro.Spawn(Getter());
            await Coro.Sleep(0);
            queue.PutNowait(7);
            Assert.AreEqual(1, queue.Count, "the item stays queued until the woken getter takes it");
            Assert.ThrowsExactly<QueueEmpty>(() => queue.GetNowait());
            var newcomer = Coro.Spawn(Getter());
            await Coro.Sleep(0);
            Assert.AreEqual(7, await waiting);
            Assert.IsFalse(newcomer.Done, "the newcomer waits for the next item");
            queue.PutNowait(8);
            Assert.AreEqual(8, await newcomer);
        });
    }

    [TestMethod]
    public void ACancelledWaitingGetterLosesNoItem()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>();
            async Coro<int> Getter() => await queue.Get();
            var cancelled = Coro.Spawn(Getter());
            var next = Coro.Spawn(Getter());
            await Coro.Sleep(0);
            cancelled.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(cancelled);
            queue.PutNowait(1);
            Assert.AreEqual(1, await next, "the item goes to the next getter");

            var alone = Coro.Spawn(Getter());
            await Coro.Sleep(0);
            alone.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(alone);
            queue.PutNowait(2);
            Assert.AreEqual(2, queue.GetNowait(), "with no getter left the item stays queued");
        });
    }

    [TestMethod]
    public void AGetterCancelledAfterItsWakeUpPassesTheItemOn()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>();
            async Coro<int> Getter() => await queue.Get();
            var first = Coro.Spawn(Getter());
            var second = Coro.Spawn(Getter());
            await Coro.Sleep(0);
            queue.PutNowait(1);
            first.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(first);
            Assert.AreEqual(1, await second);
            Assert.IsTrue(queue.Empty);
        });
    }

    [TestMethod]
    public void AGetterCancelledAfterItsWakeUpLeavesTheItemQueuedWhenNobodyElseWaits()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>();
            async Coro<int> Getter() => await queue.Get();
            var only = Coro.Spawn(Getter());
            await Coro.Sleep(0);
            queue.PutNowait(1);
            only.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(only);
            Assert.AreEqual(1, queue.Count);
            Assert.AreEqual(1, await queue.Get(), "the item is free again for a newcomer");
        });
    }

    [TestMethod]
    public void ACancelledPutterAddsNothing()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>(maxSize: 1);
            queue.PutNowait(1);
            async Coro Putter(int item) => await queue.Put(item);
            var cancelled = Coro.Spawn(Putter(2));
            await Coro.Sleep(0);
            cancelled.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(cancelled);
            Assert.AreEqual(1, await queue.Get());
            Assert.IsTrue(queue.Empty, "the cancelled putter's item was never added");
            await queue.Put(3);
            queue.TaskDone();
            queue.TaskDone();
            Assert.ThrowsExactly<InvalidOperationException>(queue.TaskDone, "only two items were ever added");
        });
    }

    [TestMethod]
    public void APutterCancelledAfterItsWakeUpPassesTheSlotOn()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>(maxSize: 1);
            queue.PutNowait(1);
            async Coro Putter(int item) => await queue.Put(item);
            var first = Coro.Spawn(Putter(2));
            var second = Coro.Spawn(Putter(3));
            await Coro.Sleep(0);
            Assert.AreEqual(1, queue.GetNowait());
            Assert.ThrowsExactly<QueueFull>(() => queue.PutNowait(9), "the free slot is promised to the woken putter");
            first.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(first);
            await second;
            Assert.AreEqual(1, queue.Count);
            Assert.AreEqual(3, queue.GetNowait());
        });
    }

    [TestMethod]
    public void JoinWaitsUntilEveryItemIsMarkedDone()
    {
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var queue = new AsyncQueue<int>();
            await queue.Join();
            queue.PutNowait(1);
            queue.PutNowait(2);
            async Coro<double> Joiner()
            {
                await queue.Join();
                return loop.Time;
            }

            var joiners = new[] { Coro.Spawn(Joiner()), Coro.Spawn(Joiner()) };
            StringAssert.Contains(queue.ToString(), "unfinished=2");
            await Coro.Sleep(1);
            _ = await queue.Get();
            queue.TaskDone();
            await Coro.Sleep(1);
            _ = await queue.Get();
            Assert.IsFalse(joiners[0].Done, "an item got but not marked done is unfinished");
            queue.TaskDone();
            Assert.AreEqual(2.0, await joiners[0]);
            Assert.AreEqual(2.0, await joiners[1]);
            await queue.Join();
        });
    }

    [TestMethod]
    public void TaskDoneCalledTooManyTimesIsAnError()
    {
        var queue = new AsyncQueue<int>();
        queue.PutNowait(1);
        queue.TaskDone();
        var error = Assert.ThrowsExactly<InvalidOperationException>(queue.TaskDone);
        StringAssert.Contains(error.Message, "TaskDone() called too many times");
    }

    [TestMethod]
    public void ACancelledJoinerRaisesAndOthersStillWake()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncQueue<int>();
            queue.PutNowait(1);
            async Coro Joiner() => await queue.Join();
            var cancelled = Coro.Spawn(Joiner());
            var other = Coro.Spawn(Joiner());
            await Coro.Sleep(0);
            cancelled.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(cancelled);
            queue.GetNowait();
            queue.TaskDone();
            await other;
        });
    }

    [TestMethod]
    public void NowaitErrorsSayWhatIsWrong()
    {
        var queue = new AsyncQueue<int>(maxSize: 2);
        var empty = Assert.ThrowsExactly<QueueEmpty>(() => queue.GetNowait());
        Assert.AreEqual("The queue is empty.", empty.Message);
        queue.PutNowait(1);
        queue.PutNowait(2);
        var full = Assert.ThrowsExactly<QueueFull>(() => queue.PutNowait(3));
        Assert.AreEqual("The queue is full (MaxSize 2).", full.Message);
        Assert.IsInstanceOfType<InvalidOperationException>(full);
        Assert.IsInstanceOfType<InvalidOperationException>(empty);
        Assert.AreEqual("<AsyncQueue maxSize=2 count=2 unfinished=2>", queue.ToString());
    }

    [TestMethod]
    public void ManyProducersAndConsumersWithRandomCancellationsLoseNothing()
    {
        const int Producers = 3;
        const int PerProducer = 200;
        var received = new List<int>();
        var cancelledConsumers = 0;
        TestLoops.Run(async () =>
        {
            var random = new Random(1234);
            var queue = new AsyncQueue<int>(maxSize: 2);
            async Coro Producer(int id)
            {
                for (var i = 0; i < PerProducer; i++)
                {
                    await queue.Put((id * PerProducer) + i);
                    if (i % 7 == 0)
                    {
                        await Coro.Sleep(0.001);
                    }
                }
            }

            async Coro Consumer()
            {
                while (true)
                {
                    received.Add(await queue.Get());
                    queue.TaskDone();
                    await Coro.Sleep(0);
                }
            }

            var producers = new List<CoroTask>();
            for (var p = 0; p < Producers; p++)
            {
                producers.Add(Coro.Spawn(Producer(p)));
            }

            var consumers = new List<CoroTask> { Coro.Spawn(Consumer()), Coro.Spawn(Consumer()), Coro.Spawn(Consumer()) };
            for (var round = 0; round < 60; round++)
            {
                // Cancel a consumer at an arbitrary point, often right after a put woke it.
                await Coro.Sleep(random.Next(0, 3) * 0.0005);
                var victim = random.Next(consumers.Count);
                consumers[victim].Cancel();
                await CoroTasksAssert.ThrowsAsync<CancelledError>(consumers[victim]);
                cancelledConsumers++;
                consumers[victim] = Coro.Spawn(Consumer());
            }

            foreach (var producer in producers)
            {
                await producer;
            }

            await queue.Join();
            foreach (var consumer in consumers)
            {
                consumer.Cancel();
                await CoroTasksAssert.ThrowsAsync<CancelledError>(consumer);
            }
        });
        Assert.AreEqual(60, cancelledConsumers);
        received.Sort();
        CollectionAssert.AreEqual(Enumerable.Range(0, Producers * PerProducer).ToList(), received, "every item arrives exactly once");
    }
}
