using CoroGen.Futures;
using CoroGen.Internal;
using CoroGen.Tasks;

namespace CoroGen;

/// <summary>Tasks and futures on this loop: spawning, running to completion, introspection.</summary>
public sealed partial class EventLoop
{
    private long _nextTaskId;
    private TaskBox? _liveHead;
    private int _liveCount;

    internal long NextTaskId() => ++_nextTaskId;

    /// <summary>The number of tasks on this loop that are not done.</summary>
    public int LiveTaskCount => _liveCount;

    internal void AddLive(TaskBox task)
    {
        task.LivePrevious = null;
        task.LiveNext = _liveHead;
        if (_liveHead is not null)
        {
            _liveHead.LivePrevious = task;
        }

        _liveHead = task;
        _liveCount++;
    }

    /// <summary>On close: tasks still alive will never resume; their pending cancellations stop counting.</summary>
    private void ForgetLiveTasks()
    {
        for (var task = _liveHead; task is not null; task = task.LiveNext)
        {
            task.ForgetDeliveredCancel();
        }
    }

    internal void RemoveLive(TaskBox task)
    {
        if (task.LivePrevious is not null)
        {
            task.LivePrevious.LiveNext = task.LiveNext;
        }
        else if (ReferenceEquals(_liveHead, task))
        {
            _liveHead = task.LiveNext;
        }
        else
        {
            return;
        }

        if (task.LiveNext is not null)
        {
            task.LiveNext.LivePrevious = task.LivePrevious;
        }

        task.LivePrevious = null;
        task.LiveNext = null;
        _liveCount--;
    }

    /// <summary>The tasks of this loop that are not done (asyncio's <c>all_tasks</c>), oldest first.</summary>
    public IReadOnlyList<CoroTask> AllTasks()
    {
        var tasks = new List<CoroTask>(_liveCount);
        for (var task = _liveHead; task is not null; task = task.LiveNext)
        {
            tasks.Add(task.Handle());
        }

        tasks.Reverse();
        return tasks;
    }

    /// <summary>
    /// Makes new tasks start eagerly: <see cref="Spawn{T}(Coro{T}, string?, bool?)"/> runs the
    /// coroutine at once, up to its first suspension, instead of on a later iteration (asyncio
    /// 3.12's <c>eager_task_factory</c>). A coroutine that finishes without suspending is then
    /// never scheduled at all. Off by default, as in asyncio: it changes the order things run in.
    /// </summary>
    public bool EagerTasks { get; set; }

    /// <summary>Wraps <paramref name="coro"/> in a task scheduled on this loop (asyncio's <c>loop.create_task</c>).</summary>
    /// <param name="coro">The coroutine to run.</param>
    /// <param name="name">The task's name; <c>Task-N</c> when <see langword="null"/>.</param>
    /// <param name="eagerStart">Start at once (see <see cref="EagerTasks"/>); <see langword="null"/> follows <see cref="EagerTasks"/>.</param>
    /// <exception cref="InvalidOperationException">The loop is closed.</exception>
    public CoroTask<T> Spawn<T>(Coro<T> coro, string? name = null, bool? eagerStart = null)
    {
        CheckThread();
        ThrowIfClosed();
        var eager = eagerStart ?? EagerTasks;

        // A generated machine runs in a machine task box: each step is one direct call.
        return coro.TrySpawnDirect(this, name, eager) ?? CoroTaskBox<T>.Spawn(this, coro, name, eager);
    }

    /// <summary>Wraps <paramref name="coro"/> in a task scheduled on this loop.</summary>
    /// <exception cref="InvalidOperationException">The loop is closed.</exception>
    public CoroTask Spawn(Coro coro, string? name = null, bool? eagerStart = null) => Spawn(coro.Inner, name, eagerStart).Untyped;

    /// <summary>Creates a pending future bound to this loop (asyncio's <c>loop.create_future</c>).</summary>
    public Future<T> CreateFuture<T>()
    {
        ThrowIfClosed();
        return new Future<T>(this);
    }

    /// <summary>
    /// Runs the loop until <paramref name="coro"/>, wrapped in a task, completes; returns its
    /// result or rethrows its exception (asyncio's <c>run_until_complete</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is closed or running, or it was stopped before the task completed.</exception>
    public T RunUntilComplete<T>(Coro<T> coro)
    {
        ThrowIfCannotRun();
        return RunUntilComplete(Spawn(coro));
    }

    /// <summary>Runs the loop until <paramref name="coro"/> completes.</summary>
    public void RunUntilComplete(Coro coro) => RunUntilComplete(coro.Inner);

    /// <summary>Runs the loop until <paramref name="task"/> is done; returns its result or rethrows its exception.</summary>
    public T RunUntilComplete<T>(CoroTask<T> task) => RunUntilComplete(task, null);

    /// <summary>Runs until <paramref name="task"/> is done; <paramref name="whenDone"/> sees the box before its outcome is consumed.</summary>
    internal T RunUntilComplete<T>(CoroTask<T> task, Action<TaskBox>? whenDone)
    {
        var box = task.Box ?? throw new ArgumentException("The task handle is default.", nameof(task));
        box.Validate(task.Version);
        ThrowIfCannotRun();
        RunUntilDone(box);
        whenDone?.Invoke(box);
        return box.ConsumeResult(task.Version, false);
    }

    /// <summary>Runs the loop until <paramref name="future"/> is done; returns its result or rethrows its exception.</summary>
    public T RunUntilComplete<T>(Future<T> future)
    {
        ArgumentNullException.ThrowIfNull(future);
        ThrowIfCannotRun();
        RunUntilDone(future);
        return future.Result;
    }

    private void RunUntilDone(FutureBase future)
    {
        if (!future.IsDone)
        {
            var stopper = new StopWhenDone(this);
            future.AddListener(stopper);
            try
            {
                RunForever();
            }
            finally
            {
                future.RemoveListener(stopper);
            }
        }

        if (!future.IsDone)
        {
            throw new InvalidOperationException("Event loop stopped before the task completed.");
        }
    }

    private void ThrowIfCannotRun()
    {
        ThrowIfClosed();
        if (IsRunning)
        {
            throw new InvalidOperationException("This event loop is already running: RunUntilComplete cannot be re-entered; await the coroutine instead.");
        }
    }

    private sealed class StopWhenDone(EventLoop loop) : ICompletionListener
    {
        public void OnCompleted(FutureBase source) => loop.Stop();
    }
}
