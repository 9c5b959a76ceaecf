using CoroGen.Futures;
using CoroGen.Loop;

namespace CoroGen;

/// <summary>
/// Running blocking work off the loop (asyncio's <c>run_in_executor</c> and default executor).
/// The default executor is the .NET thread pool; results come back through the thread-safe inbox.
/// </summary>
public sealed partial class EventLoop
{
    private bool _executorShutdown;
    private int _executorPending;
    private Future<bool>? _executorIdle;

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool, or on <paramref name="scheduler"/> when
    /// given, and returns a future completed on the loop thread with its result or exception.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is closed or its default executor was shut down.</exception>
    public Future<T> RunInExecutor<T>(Func<T> work, TaskScheduler? scheduler = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        CheckThread();
        ThrowIfClosed();
        var future = new Future<T>(this);
        if (scheduler is not null)
        {
            var task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler);
            Future.Link(this, task, future);
            return future;
        }

        if (_executorShutdown)
        {
            throw new InvalidOperationException("The default executor was shut down: RunInExecutor cannot schedule new work.");
        }

        _executorPending++;
        ThreadPool.UnsafeQueueUserWorkItem(static job => job.Execute(), new ExecutorJob<T>(this, work, future), preferLocal: false);
        return future;
    }

    /// <summary>
    /// Waits until work already submitted to the default executor has finished, for up to
    /// <paramref name="timeout"/>, and refuses new work (asyncio's <c>shutdown_default_executor</c>).
    /// On timeout the loop's exception handler gets a warning and the wait ends.
    /// </summary>
    public async Coro ShutdownDefaultExecutor(TimeSpan? timeout = null)
    {
        _executorShutdown = true;
        if (_executorPending == 0)
        {
            return;
        }

        if (_executorIdle is null || _executorIdle.Done)
        {
            _executorIdle = new Future<bool>(this);
        }

        var limit = timeout ?? TimeSpan.FromSeconds(300);
        var idle = _executorIdle;
        var timer = CallLater(limit, () => idle.TrySetResult(false));
        try
        {
            if (!await idle)
            {
                CallExceptionHandler(new ExceptionContext(
                    $"The default executor did not finish its work within {limit.TotalSeconds:0.###} seconds; shutting down without waiting."));
            }
        }
        finally
        {
            timer.Cancel();
        }
    }

    /// <summary>Runs on the loop thread when an executor job has delivered its outcome.</summary>
    private void OnExecutorJobDone()
    {
        _executorPending--;
        if (_executorPending == 0 && _executorIdle is { } idle)
        {
            idle.TrySetResult(true);
        }
    }

    /// <summary>One unit of executor work: runs on a pool thread, completes its future on the loop thread.</summary>
    private sealed class ExecutorJob<T>(EventLoop loop, Func<T> work, Future<T> future) : IRunnable
    {
        private T? _result;
        private Exception? _error;

        public void Execute()
        {
            try
            {
                _result = work();
            }
            catch (Exception e)
            {
                _error = e;
            }

            if (!loop.IsClosed)
            {
                try
                {
                    loop.PostThreadSafe(this);
                }
                catch (InvalidOperationException)
                {
                    // The loop closed between the check and the post: nobody is left to receive the result.
                }
            }
        }

        void IRunnable.Run()
        {
            loop.OnExecutorJobDone();
            if (_error is not null)
            {
                future.TrySetException(_error);
            }
            else
            {
                future.TrySetResult(_result!);
            }
        }
    }
}
