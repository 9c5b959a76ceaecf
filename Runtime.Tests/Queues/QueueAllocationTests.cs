using CoroGen.Queues;

namespace CoroGen.Tests.Queues;

/// <summary>
/// A producer task and a consumer task passing items through a bounded queue allocate nothing
/// per item in steady state, whether every put and get blocks (capacity 1) or few do (16).
/// Measured over the whole thread inside the loop, after a warm-up.
/// </summary>
[TestClass]
public sealed partial class QueueAllocationTests
{
    private const int Warmup = 2_000;
    private const int Measured = 20_000;

    // Items after the measured window, so the producer task ends (and its completion path is
    // compiled the first time it runs) outside it: it is never more than capacity + 1 items ahead.
    private const int Tail = 100;

    [Coroutine]
    private static async partial Coro<long> Produce(AsyncQueue<int> queue, int count)
    {
        var sum = 0L;
        for (var i = 0; i < count; i++)
        {
            await queue.Put(i);
            sum += i;
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<long> Consume(AsyncQueue<int> queue)
    {
        var sum = 0L;
        for (var i = 0; i < Warmup; i++)
        {
            sum += await queue.Get();
            queue.TaskDone();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Measured; i++)
        {
            sum += await queue.Get();
            queue.TaskDone();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        for (var i = 0; i < Tail; i++)
        {
            sum += await queue.Get();
            queue.TaskDone();
        }

        return sum >= 0 ? allocated : -1;
    }

    [Coroutine]
    private static async partial Coro<long> ProducerConsumer(int capacity)
    {
        var queue = new AsyncQueue<int>(capacity);
        var producer = Coro.Spawn(Produce(queue, Warmup + Measured + Tail));
        var consumer = Coro.Spawn(Consume(queue));
        var allocated = await consumer;
        _ = await producer;
        await queue.Join();
        return allocated;
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(16)]
    public void PutAndGetAllocateNothingPerItem(int capacity) =>
        Assert.AreEqual(0L, EventLoop.Run(ProducerConsumer(capacity)), $"bytes allocated over 20,000 items through a queue of capacity {capacity}");
}
