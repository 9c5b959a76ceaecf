using CoroGen.Queues;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Queues;

[TestClass]
public sealed class LifoQueueTests
{
    [TestMethod]
    public void TheLastItemPutComesOutFirst()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncLifoQueue<string>();
            await queue.Put("a");
            await queue.Put("b");
            queue.PutNowait("c");
            Assert.AreEqual(3, queue.Count);
            Assert.AreEqual("c", await queue.Get());
            Assert.AreEqual("b", queue.GetNowait());
            queue.PutNowait("d");
            Assert.AreEqual("d", await queue.Get());
            Assert.AreEqual("a", await queue.Get());
            Assert.IsTrue(queue.Empty);
            StringAssert.StartsWith(queue.ToString(), "<AsyncLifoQueue ");
        });
    }

    [TestMethod]
    public void WaitingGettersAreStillServedInArrivalOrder()
    {
        var got = new List<string>();
        TestLoops.Run(async () =>
        {
            var queue = new AsyncLifoQueue<int>();
            async Coro Getter(string name) => got.Add($"{name}:{await queue.Get()}");
            var first = Coro.Spawn(Getter("first"));
            var second = Coro.Spawn(Getter("second"));
            await Coro.Sleep(0);
            queue.PutNowait(1);
            queue.PutNowait(2);
            await first;
            await second;
        });

        // Both items were queued before either getter ran: the first getter takes the top one.
        CollectionAssert.AreEqual(new[] { "first:2", "second:1" }, got);
    }

    [TestMethod]
    public void ABoundedLifoQueueBlocksPuttersUntilAGet()
    {
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var queue = new AsyncLifoQueue<int>(maxSize: 2);
            await queue.Put(1);
            await queue.Put(2);
            Assert.IsTrue(queue.Full);
            async Coro<double> Putter()
            {
                await queue.Put(3);
                return loop.Time;
            }

            var putter = Coro.Spawn(Putter());
            await Coro.Sleep(2);
            Assert.AreEqual(2, await queue.Get());
            Assert.AreEqual(2.0, await putter);
            Assert.AreEqual(3, await queue.Get());
            Assert.AreEqual(1, await queue.Get());
        });
    }
}
