using CoroGen.Queues;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Queues;

[TestClass]
public sealed class PriorityQueueTests
{
    [TestMethod]
    public void TheSmallestItemComesOutFirst()
    {
        var queue = new AsyncPriorityQueue<int>();
        foreach (var item in new[] { 5, 1, 4, 2, 3 })
        {
            queue.PutNowait(item);
        }

        var order = Enumerable.Range(0, 5).Select(_ => queue.GetNowait()).ToArray();
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5 }, order);
        StringAssert.StartsWith(queue.ToString(), "<AsyncPriorityQueue ");
    }

    [TestMethod]
    public void PriorityDataTuplesAreOrderedByPriorityThenData()
    {
        var queue = new AsyncPriorityQueue<(int Priority, string Data)>();
        queue.PutNowait((2, "b"));
        queue.PutNowait((1, "z"));
        queue.PutNowait((2, "a"));
        CollectionAssert.AreEqual(
            new[] { (1, "z"), (2, "a"), (2, "b") },
            new[] { queue.GetNowait(), queue.GetNowait(), queue.GetNowait() });
    }

    [TestMethod]
    public void ACustomComparerDecidesTheOrderAndTiesAreFirstInFirstOut()
    {
        var byPriorityOnly = Comparer<(int Priority, string Data)>.Create((x, y) => y.Priority.CompareTo(x.Priority));
        var queue = new AsyncPriorityQueue<(int Priority, string Data)>(comparer: byPriorityOnly);
        foreach (var item in new[] { (1, "low"), (9, "high-1"), (5, "mid"), (9, "high-2"), (9, "high-3") })
        {
            queue.PutNowait(item);
        }

        var data = Enumerable.Range(0, 5).Select(_ => queue.GetNowait().Data).ToArray();
        CollectionAssert.AreEqual(new[] { "high-1", "high-2", "high-3", "mid", "low" }, data);
    }

    [TestMethod]
    public void AWokenGetterTakesTheSmallestItemWhenItRuns()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncPriorityQueue<int>(maxSize: 2);
            async Coro<int> Getter() => await queue.Get();
            var getter = Coro.Spawn(Getter());
            await Coro.Sleep(0);
            queue.PutNowait(10);
            queue.PutNowait(3);
            Assert.AreEqual(3, await getter);
            Assert.AreEqual(10, queue.GetNowait());
        });
    }

    [TestMethod]
    public void ABoundedPriorityQueueBlocksPutters()
    {
        TestLoops.Run(async () =>
        {
            var queue = new AsyncPriorityQueue<int>(maxSize: 1);
            await queue.Put(2);
            async Coro Putter() => await queue.Put(1);
            var putter = Coro.Spawn(Putter());
            await Coro.Sleep(1);
            Assert.IsFalse(putter.Done);
            Assert.IsTrue(queue.Full);
            Assert.AreEqual(2, await queue.Get());
            await putter;
            Assert.AreEqual(1, await queue.Get());
        });
    }
}
