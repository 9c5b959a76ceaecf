using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using CoroGen.Queues;

namespace CoroGen.Benchmarks;

/// <summary>
/// A producer task puts <see cref="Items"/> ints into a bounded queue and a consumer task gets
/// them all. Capacity 1 makes every put and get hand over to the other task; capacity 1024 lets
/// each side run ahead. Reported time is per item.
/// </summary>
[MemoryDiagnoser]
public partial class QueueBenchmarks : LoopBenchmarkBase
{
    /// <summary>Items per invocation.</summary>
    public const int Items = 10_000;


    /// <summary>The queue's capacity.</summary>
    [Params(1, 1024)]
    public int Capacity { get; set; }


    /// <summary>Plain .NET: <c>Channel.CreateBounded&lt;int&gt;</c> (single reader and writer), <c>async Task</c> producer and consumer on the pump.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Items)]
    public long Channel_Bounded()
    {
        var capacity = Capacity;
        return Context.Run(() => ChannelPair(capacity));
    }

    /// <summary>CoroGen: <c>AsyncQueue&lt;int&gt;(capacity)</c>, two spawned coroutines on the reused loop.</summary>
    [Benchmark(OperationsPerInvoke = Items)]
    public long CoroGen_AsyncQueue() => Loop.RunUntilComplete(CoroPair(Capacity));

    [Coroutine]
    private static async partial Coro<long> CoroProduce(AsyncQueue<int> queue)
    {
        for (var i = 0; i < Items; i++)
        {
            await queue.Put(i);
        }

        return 0;
    }

    [Coroutine]
    private static async partial Coro<long> CoroConsume(AsyncQueue<int> queue)
    {
        var sum = 0L;
        for (var i = 0; i < Items; i++)
        {
            sum += await queue.Get();
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<long> CoroPair(int capacity)
    {
        var queue = new AsyncQueue<int>(capacity);
        var producer = Coro.Spawn(CoroProduce(queue));
        var consumer = Coro.Spawn(CoroConsume(queue));
        return await producer + await consumer;
    }

    private static async Task ChannelProduce(ChannelWriter<int> writer)
    {
        for (var i = 0; i < Items; i++)
        {
            await writer.WriteAsync(i);
        }

        writer.Complete();
    }

    private static async Task<long> ChannelConsume(ChannelReader<int> reader)
    {
        var sum = 0L;
        for (var i = 0; i < Items; i++)
        {
            sum += await reader.ReadAsync();
        }

        return sum;
    }

    private static async Task<long> ChannelPair(int capacity)
    {
        var channel = Channel.CreateBounded<int>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        var producer = ChannelProduce(channel.Writer);
        var consumer = ChannelConsume(channel.Reader);
        await producer;
        return await consumer;
    }
}
