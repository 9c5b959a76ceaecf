using CoroGen.Tasks;

namespace CoroGen;

/// <summary>When <see cref="Coro.Wait(IEnumerable{CoroTask}, ReturnWhen, TimeSpan?)"/> returns (asyncio's <c>return_when</c>).</summary>
public enum ReturnWhen
{
    /// <summary>When every task is done (asyncio's <c>ALL_COMPLETED</c>).</summary>
    AllCompleted,

    /// <summary>When any task is done (asyncio's <c>FIRST_COMPLETED</c>).</summary>
    FirstCompleted,

    /// <summary>When any task raises, or all are done if none does; cancellation does not count (asyncio's <c>FIRST_EXCEPTION</c>).</summary>
    FirstException,
}

/// <summary>The two sets <see cref="Coro.Wait(IEnumerable{CoroTask}, ReturnWhen, TimeSpan?)"/> returns.</summary>
/// <param name="Done">Tasks that are done.</param>
/// <param name="Pending">Tasks still running.</param>
public readonly record struct WaitResult(IReadOnlySet<CoroTask> Done, IReadOnlySet<CoroTask> Pending);

public readonly partial struct Coro
{
    /// <summary>
    /// Waits for tasks until <paramref name="returnWhen"/> holds or <paramref name="timeout"/>
    /// passes, and returns the done and pending sets (asyncio's <c>wait</c>). It never raises the
    /// tasks' exceptions, never raises on timeout and never cancels anything; the handles stay valid.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="tasks"/> is empty or holds a default handle.</exception>
    public static async Coro<WaitResult> Wait(IEnumerable<CoroTask> tasks, ReturnWhen returnWhen = ReturnWhen.AllCompleted, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var list = tasks.Distinct().ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("The set of tasks passed to Wait must not be empty.", nameof(tasks));
        }

        var loop = EventLoop.GetRunningLoop();
        var boxes = PinAll(list);
        var signal = new CompletionSignal(loop, boxes, (source, remaining) => remaining == 0 || returnWhen switch
        {
            ReturnWhen.FirstCompleted => source is not null,
            ReturnWhen.FirstException => source is TaskBox { Status: FutureStatus.Faulted },
            _ => false,
        });
        try
        {
            signal.Arm();
            var alreadyDone = returnWhen switch
            {
                ReturnWhen.FirstCompleted => boxes.Any(static b => b.IsDone),
                ReturnWhen.FirstException => boxes.Any(static b => b.Status == FutureStatus.Faulted),
                _ => false,
            };
            if (!alreadyDone && !signal.Fired.Done)
            {
                var fired = signal.Fired;
                var timer = timeout is { } limit ? loop.CallLater(limit, () => fired.TrySetResult(false)) : null;
                try
                {
                    await fired;
                }
                finally
                {
                    timer?.Cancel();
                }
            }
        }
        finally
        {
            signal.Disarm();
            UnpinAll(boxes);
        }

        var done = new HashSet<CoroTask>();
        var pending = new HashSet<CoroTask>();
        foreach (var task in list)
        {
            (task.Done ? done : pending).Add(task);
        }

        return new WaitResult(done, pending);
    }
}
