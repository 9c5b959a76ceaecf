using CoroGen;
using CoroGen.Queues;
using CoroGen.Sync;

namespace CoroGen.Samples.Pipeline;

/// <summary>
/// A three-stage pipeline, the asyncio way: a producer, a pool of workers and a collector joined
/// by bounded queues, run as one task group. Shows back-pressure (a full queue pauses the
/// producer), fair hand-over, per-task context, a lock around shared state, a deadline, and
/// clean shutdown with <c>Join</c> and <c>Shutdown</c>. Runs in well under a second.
/// </summary>
public static partial class Program
{
    private const int Items = 200;
    private const int Workers = 4;

    private static readonly ContextVar<string> Stage = new("stage", "main");

    public static int Main()
    {
        var (sum, processedBy) = EventLoop.Run(RunPipeline());
        Console.WriteLine($"pipeline: sum of squares 1..{Items} = {sum} (expected {Expected()}); work per worker: {string.Join(", ", processedBy)}");
        return sum == Expected() ? 0 : 1;
    }

    private static long Expected() => Enumerable.Range(1, Items).Sum(static i => (long)i * i);

    [Coroutine]
    private static async partial Coro<(long Sum, int[] ProcessedBy)> RunPipeline()
    {
        var work = new AsyncQueue<int>(maxSize: 8);
        var results = new AsyncQueue<long>(maxSize: 8);
        var processedBy = new int[Workers];
        var statsLock = new AsyncLock();
        long sum = 0;

        await Coro.Timeout(TimeSpan.FromSeconds(10), TaskGroup.Run(async group =>
        {
            var producer = group.Spawn(Produce(work));
            var workers = new CoroTask[Workers];
            for (var w = 0; w < Workers; w++)
            {
                workers[w] = group.Spawn(Work(w, work, results, processedBy, statsLock));
            }

            var collector = group.Spawn(Collect(results));

            // Join returns as soon as every item *put so far* is done, so first let the producer
            // finish putting (asyncio's rule too), then wait for the work, then wind down.
            await producer;
            await work.Join();
            work.Shutdown();
            await Coro.Gather(workers);
            await results.Join();
            results.Shutdown();
            sum = await collector;
        }));

        return (sum, processedBy);
    }

    [Coroutine]
    private static async partial Coro Produce(AsyncQueue<int> work)
    {
        Stage.Set("producer");
        for (var i = 1; i <= Items; i++)
        {
            // Waits while the queue is full: the workers set the pace.
            await work.Put(i);
        }
    }

    [Coroutine]
    private static async partial Coro Work(int id, AsyncQueue<int> work, AsyncQueue<long> results, int[] processedBy, AsyncLock statsLock)
    {
        Stage.Set($"worker-{id}");
        while (true)
        {
            int item;
            try
            {
                item = await work.Get();
            }
            catch (QueueShutDown)
            {
                return;
            }

            await Coro.Sleep(0.001 * (id + 1));   // pretend to work; slower workers take fewer items
            await results.Put((long)item * item);
            using (await statsLock.Acquire())
            {
                processedBy[id]++;
            }

            work.TaskDone();
        }
    }

    [Coroutine]
    private static async partial Coro<long> Collect(AsyncQueue<long> results)
    {
        Stage.Set("collector");
        long sum = 0;
        while (true)
        {
            try
            {
                sum += await results.Get();
            }
            catch (QueueShutDown)
            {
                return sum;
            }

            results.TaskDone();
        }
    }
}
