namespace CoroGen;

/// <summary>
/// Runs several coroutines, one after another, on one loop it owns (asyncio's <c>Runner</c>),
/// and shuts that loop down cleanly when disposed. <see cref="EventLoop.Run{T}(Coro{T}, bool?, Func{EventLoop}?)"/>
/// is a runner used once.
/// </summary>
/// <remarks>
/// The loop is created lazily, by <paramref name="loopFactory"/> when given (the modern
/// replacement of asyncio's event-loop policies). As in asyncio, every <see cref="Run{T}(Coro{T})"/>
/// runs in the runner's one context: a <see cref="ContextVar{T}"/> set by one run is seen by the
/// next. Disposing cancels every task still alive and
/// waits for them, reports their non-cancellation errors to the loop's exception handler, waits
/// for the default executor (up to 300 s), and closes the loop.
/// </remarks>
/// <param name="debug">Sets <see cref="EventLoop.Debug"/>; <see langword="null"/> keeps the loop's own setting.</param>
/// <param name="loopFactory">Creates the loop; defaults to <c>new EventLoop()</c>.</param>
public sealed class Runner(bool? debug = null, Func<EventLoop>? loopFactory = null) : IDisposable
{
    private EventLoop? _loop;
    private System.Collections.Immutable.ImmutableDictionary<object, object?>? _context;
    private bool _closed;

    /// <summary>The runner's loop, created on first use.</summary>
    /// <exception cref="InvalidOperationException">The runner is closed.</exception>
    public EventLoop GetLoop()
    {
        if (_closed)
        {
            throw new InvalidOperationException("Runner is closed.");
        }

        if (_loop is null)
        {
            _loop = (loopFactory ?? (static () => new EventLoop()))();
            if (debug is { } value)
            {
                _loop.Debug = value;
            }
        }

        return _loop;
    }

    /// <summary>Runs <paramref name="coro"/> on the runner's loop and returns its result.</summary>
    /// <exception cref="InvalidOperationException">The runner is closed, or a loop already runs on this thread.</exception>
    public T Run<T>(Coro<T> coro)
    {
        if (EventLoop.Current is not null)
        {
            throw new InvalidOperationException("Runner.Run cannot be called while an event loop is running on this thread: await the coroutine instead.");
        }

        var loop = GetLoop();
        if (loop.IsRunning)
        {
            throw new InvalidOperationException("The runner's loop is already running.");
        }

        var task = loop.Spawn(coro, eagerStart: false);
        task.Box!.Context = _context ??= Tasks.CoroContext.Current;
        return loop.RunUntilComplete(task, box => _context = box.Context);
    }

    /// <summary>Runs <paramref name="coro"/> on the runner's loop.</summary>
    public void Run(Coro coro) => Run(coro.Inner);

    /// <summary>Cancels leftover tasks, shuts down the default executor and closes the loop. Idempotent.</summary>
    public void Dispose()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        var loop = _loop;
        if (loop is null || loop.IsClosed)
        {
            return;
        }

        try
        {
            CancelAllTasks(loop);
            loop.RunUntilComplete(loop.ShutdownDefaultExecutor());
        }
        finally
        {
            loop.Dispose();
        }
    }

    private static void CancelAllTasks(EventLoop loop)
    {
        var tasks = loop.AllTasks();
        if (tasks.Count == 0)
        {
            return;
        }

        foreach (var task in tasks)
        {
            task.Cancel();
        }

        loop.RunUntilComplete(AwaitCancelled(loop, tasks));
    }

    private static async Coro AwaitCancelled(EventLoop loop, IReadOnlyList<CoroTask> tasks)
    {
        foreach (var task in tasks)
        {
            if (task.IsStale)
            {
                // Another leftover task awaited this one; its outcome has been delivered there.
                continue;
            }

            var name = task.Name;
            try
            {
                await task;
            }
            catch (CancelledError)
            {
            }
            catch (Exception e)
            {
                loop.CallExceptionHandler(new Loop.ExceptionContext($"Unhandled exception during EventLoop.Run() shutdown in {name}") { Exception = e });
            }
        }
    }
}
