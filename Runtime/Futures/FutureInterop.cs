using CoroGen.Loop;

namespace CoroGen;

/// <summary>Bridges between CoroGen futures and .NET tasks (asyncio's <c>wrap_future</c>).</summary>
public static class Future
{
    /// <summary>
    /// Wraps a .NET <see cref="Task{TResult}"/> in a future of the running loop, completed on the
    /// loop thread. Cancelling the future does not stop the task (a .NET task cannot be cancelled
    /// from outside); it only stops waiting for it.
    /// </summary>
    /// <exception cref="InvalidOperationException">No loop runs on this thread.</exception>
    public static Future<T> FromTask<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var loop = EventLoop.GetRunningLoop();
        var future = new Future<T>(loop);
        Link(loop, task, future);
        return future;
    }

    /// <summary>Wraps a .NET <see cref="Task"/> in a future of the running loop whose result is <see langword="true"/>.</summary>
    public static Future<bool> FromTask(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return FromTask(task.ContinueWith(static t =>
        {
#pragma warning disable RS0030 // A continuation: the task is complete, so this only rethrows its exception.
            t.GetAwaiter().GetResult();
#pragma warning restore RS0030
            return true;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
    }

    internal static void Link<T>(EventLoop loop, Task<T> task, Future<T> future)
    {
        task.ContinueWith(static (t, state) =>
        {
            var (loop, future) = ((EventLoop, Future<T>))state!;
            if (loop.IsClosed)
            {
                return;
            }

            try
            {
                loop.PostThreadSafe(new TaskResultPost<T>(t, future));
            }
            catch (InvalidOperationException)
            {
                // The loop closed meanwhile; nothing is waiting any more.
            }
        }, (loop, future), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private sealed class TaskResultPost<T>(Task<T> task, Future<T> future) : IRunnable
    {
        public void Run()
        {
            if (future.Done)
            {
                return;
            }

            if (task.IsCanceled)
            {
                future.Cancel("The wrapped .NET task was cancelled.");
            }
            else if (task.IsFaulted)
            {
                var error = task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception;
                future.TrySetException(error is CancelledError ? new OperationCanceledException(error.Message, error) : error);
            }
            else
            {
#pragma warning disable RS0030 // The task completed successfully before this post was made: no blocking.
                future.TrySetResult(task.Result);
#pragma warning restore RS0030
            }
        }
    }
}
