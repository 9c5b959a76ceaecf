using CoroGen.Internal;
using CoroGen.Tasks;

namespace CoroGen;

public readonly partial struct Coro
{
    /// <summary>
    /// Runs the coroutines concurrently as tasks and returns their results in argument order
    /// (asyncio's <c>gather</c>). The first exception (or cancellation of a child) is raised as
    /// soon as it happens; the other children keep running. Cancelling the gather cancels every
    /// unfinished child and raises <see cref="CancelledError"/> once they have finished.
    /// </summary>
    public static Coro<T[]> Gather<T>(params Coro<T>[] coros)
    {
        ArgumentNullException.ThrowIfNull(coros);
        return GatherCore(SpawnAll(coros), ownsTasks: true);
    }

    /// <summary>Waits for already-spawned tasks and returns their results in argument order (see <see cref="Gather{T}(Coro{T}[])"/>).</summary>
    public static Coro<T[]> Gather<T>(params CoroTask<T>[] tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return GatherCore((CoroTask<T>[])tasks.Clone(), ownsTasks: false);
    }

    /// <summary>Runs the coroutines concurrently and completes when all have (see <see cref="Gather{T}(Coro{T}[])"/>).</summary>
    public static async Coro Gather(params Coro[] coros)
    {
        ArgumentNullException.ThrowIfNull(coros);
        var inner = new Coro<VoidResult>[coros.Length];
        for (var i = 0; i < coros.Length; i++)
        {
            inner[i] = coros[i].Inner;
        }

        await GatherCore(SpawnAll(inner), ownsTasks: true);
    }

    /// <summary>Waits for already-spawned tasks of any result type (see <see cref="Gather{T}(Coro{T}[])"/>); their handles stay the caller's.</summary>
    public static async Coro Gather(params CoroTask[] tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var boxes = PinAll((CoroTask[])tasks.Clone());
        try
        {
            if (await WaitForChildren(boxes, stopOnFailure: true) is { } failed)
            {
                failed.MarkExceptionRetrieved();
                failed.Error!.Throw();
            }
        }
        finally
        {
            UnpinAll(boxes);
        }
    }

    /// <summary>
    /// Like <see cref="Gather{T}(Coro{T}[])"/> but never raises for a child: each child's value or
    /// exception comes back in its slot (asyncio's <c>gather(..., return_exceptions=True)</c>).
    /// </summary>
    public static Coro<Outcome<T>[]> GatherOutcomes<T>(params Coro<T>[] coros)
    {
        ArgumentNullException.ThrowIfNull(coros);
        return GatherOutcomesCore(SpawnAll(coros), ownsTasks: true);
    }

    /// <summary>Like <see cref="Gather{T}(CoroTask{T}[])"/> but returns each task's value or exception.</summary>
    public static Coro<Outcome<T>[]> GatherOutcomes<T>(params CoroTask<T>[] tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return GatherOutcomesCore((CoroTask<T>[])tasks.Clone(), ownsTasks: false);
    }

    private static Func<CoroTask<T>[]> SpawnAll<T>(Coro<T>[] coros) => () =>
    {
        // Spawned when the gather starts, not when Gather() is called: coroutines are cold.
        var loop = EventLoop.GetRunningLoop();
        var tasks = new CoroTask<T>[coros.Length];
        for (var i = 0; i < coros.Length; i++)
        {
            tasks[i] = loop.Spawn(coros[i]);
        }

        return tasks;
    };

    private static async Coro<T[]> GatherCore<T>(Func<CoroTask<T>[]> spawn, bool ownsTasks) => await GatherCore(spawn(), ownsTasks);

    private static async Coro<T[]> GatherCore<T>(CoroTask<T>[] tasks, bool ownsTasks)
    {
        var boxes = PinAll(tasks);
        try
        {
            var failed = await WaitForChildren(boxes, stopOnFailure: true);
            if (failed is not null)
            {
                // The first failure in completion order is raised at once; siblings keep running, as in asyncio.
                failed.MarkExceptionRetrieved();
                failed.Error!.Throw();
            }

            var results = new T[tasks.Length];
            for (var i = 0; i < tasks.Length; i++)
            {
                results[i] = ownsTasks ? tasks[i].Box!.ConsumeResult(tasks[i].Version, false) : tasks[i].Box!.ReadResult(tasks[i].Version);
            }

            return results;
        }
        finally
        {
            UnpinAll(boxes);
        }
    }

    private static async Coro<Outcome<T>[]> GatherOutcomesCore<T>(Func<CoroTask<T>[]> spawn, bool ownsTasks) => await GatherOutcomesCore(spawn(), ownsTasks);

    private static async Coro<Outcome<T>[]> GatherOutcomesCore<T>(CoroTask<T>[] tasks, bool ownsTasks)
    {
        var boxes = PinAll(tasks);
        try
        {
            await WaitForChildren(boxes, stopOnFailure: false);
            var outcomes = new Outcome<T>[tasks.Length];
            for (var i = 0; i < tasks.Length; i++)
            {
                var box = tasks[i].Box!;
                box.MarkExceptionRetrieved();
                outcomes[i] = box.Status == FutureStatus.Succeeded
                    ? new Outcome<T>(box.ReadResult(tasks[i].Version), null)
                    : new Outcome<T>(default, box.Error!.SourceException);
                if (ownsTasks)
                {
                    box.OnOutcomeConsumed(false);
                }
            }

            return outcomes;
        }
        finally
        {
            UnpinAll(boxes);
        }
    }

    /// <summary>Validates the handles and keeps their boxes from being recycled until <see cref="UnpinAll"/>.</summary>
    internal static TaskBox[] PinAll<T>(CoroTask<T>[] tasks)
    {
        var handles = new CoroTask[tasks.Length];
        for (var i = 0; i < tasks.Length; i++)
        {
            handles[i] = tasks[i].Untyped;
        }

        return PinAll(handles);
    }

    /// <summary>Validates the handles and keeps their boxes from being recycled until <see cref="UnpinAll"/>.</summary>
    internal static TaskBox[] PinAll(IReadOnlyList<CoroTask> tasks)
    {
        var boxes = new TaskBox[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            boxes[i] = tasks[i].Box ?? throw new ArgumentException("A task handle is default: it was never returned by Coro.Spawn.", nameof(tasks));
            boxes[i].Validate(tasks[i].Version);
        }

        foreach (var box in boxes)
        {
            box.Pin();
        }

        return boxes;
    }

    internal static void UnpinAll(TaskBox[] boxes)
    {
        foreach (var box in boxes)
        {
            box.Unpin();
        }
    }

    /// <summary>
    /// Waits until every child is done, or (with <paramref name="stopOnFailure"/>) until one fails
    /// or is cancelled; returns the first failed child in completion order, if any. Cancelling the
    /// wait cancels the unfinished children (with the same message) and returns only once they are done.
    /// </summary>
    private static async Coro<TaskBox?> WaitForChildren(TaskBox[] boxes, bool stopOnFailure)
    {
        var loop = EventLoop.GetRunningLoop();
        var signal = new CompletionSignal(loop, boxes, (source, remaining) =>
            remaining == 0 || (stopOnFailure && source is TaskBox { Status: FutureStatus.Faulted or FutureStatus.Cancelled }));
        signal.Arm();
        if (stopOnFailure && signal.FirstFailure is not null)
        {
            signal.Disarm();
            return signal.FirstFailure;
        }

        try
        {
            await signal.Fired;
        }
        catch (CancelledError e)
        {
            foreach (var box in boxes)
            {
                if (!box.IsDone)
                {
                    box.Cancel(e.CancelMessage);
                }
            }

            var all = new CompletionSignal(loop, boxes, static (_, remaining) => remaining == 0);
            all.Arm();
            try
            {
                await all.Fired;
            }
            finally
            {
                all.Disarm();
            }

            throw;
        }
        finally
        {
            signal.Disarm();
        }

        return stopOnFailure ? signal.FirstFailure : null;
    }
}
