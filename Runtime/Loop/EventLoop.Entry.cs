namespace CoroGen;

/// <summary>The entry points: <c>asyncio.run</c> and the thread-safe door for coroutines.</summary>
public sealed partial class EventLoop
{
    /// <summary>
    /// Runs <paramref name="main"/> on a new loop and returns its result (asyncio's <c>run</c>):
    /// afterwards leftover tasks are cancelled and awaited, the default executor is shut down and
    /// the loop is closed.
    /// </summary>
    /// <param name="main">The coroutine to run.</param>
    /// <param name="debug">Debug mode; <see langword="null"/> follows <c>COROGEN_DEBUG</c>.</param>
    /// <param name="loopFactory">Creates the loop; defaults to <c>new EventLoop()</c>.</param>
    /// <remarks>The first Ctrl+C (SIGINT) while it runs cancels <paramref name="main"/>; a second one ends the process (see <see cref="Runner"/>).</remarks>
    /// <exception cref="InvalidOperationException">A loop is already running on this thread.</exception>
    /// <exception cref="KeyboardInterrupt">Ctrl+C cancelled <paramref name="main"/>, which ended by that cancellation (Python's <c>KeyboardInterrupt</c>).</exception>
    public static T Run<T>(Coro<T> main, bool? debug = null, Func<EventLoop>? loopFactory = null)
    {
        using var runner = new Runner(debug, loopFactory);
        return runner.Run(main);
    }

    /// <summary>Runs <paramref name="main"/> on a new loop, then cleans up and closes it.</summary>
    /// <exception cref="InvalidOperationException">A loop is already running on this thread.</exception>
    /// <exception cref="KeyboardInterrupt">Ctrl+C cancelled <paramref name="main"/>, which ended by that cancellation.</exception>
    public static void Run(Coro main, bool? debug = null, Func<EventLoop>? loopFactory = null) => Run(main.Inner, debug, loopFactory);

    /// <summary>
    /// Submits <paramref name="coro"/> to this loop from any thread (asyncio's
    /// <c>run_coroutine_threadsafe</c>); the returned .NET task completes with its outcome.
    /// Cancelling <paramref name="cancellationToken"/> cancels the loop task.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is closed.</exception>
    public Task<T> RunCoroutineThreadSafe<T>(Coro<T> coro, CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        CallSoonThreadSafe(() =>
        {
            var task = Spawn(coro);
            task.AddDoneCallback(done =>
            {
                if (done.Cancelled)
                {
                    completion.TrySetCanceled(cancellationToken.IsCancellationRequested ? cancellationToken : default);
                }
                else if (done.Exception is { } error)
                {
                    completion.TrySetException(error);
                }
                else
                {
                    completion.TrySetResult(done.Result);
                }
            });
            if (cancellationToken.CanBeCanceled)
            {
                var registration = cancellationToken.Register(() =>
                {
                    try
                    {
                        CallSoonThreadSafe(() => task.Cancel());
                    }
                    catch (InvalidOperationException)
                    {
                        // The loop closed first; its tasks are gone and the .NET task stays as it is.
                    }
                });
                completion.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        });
        return completion.Task;
    }

    /// <summary>Submits <paramref name="coro"/> to this loop from any thread.</summary>
    public Task RunCoroutineThreadSafe(Coro coro, CancellationToken cancellationToken = default) =>
        RunCoroutineThreadSafe(coro.Inner, cancellationToken);
}
