using System.Runtime.InteropServices;
using CoroGen.Futures;

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
/// <para>Ctrl+C, as in Python 3.11's runner: while <see cref="Run{T}(Coro{T})"/> runs, the first
/// SIGINT cancels the main coroutine instead of ending the process; if the coroutine then ends
/// by that cancellation, <see cref="Run{T}(Coro{T})"/> raises <see cref="KeyboardInterrupt"/>. A
/// second SIGINT gets the default action (the process ends), so a stuck clean-up can still be
/// interrupted. A loop that has its own SIGINT handler (<see cref="EventLoop.AddSignalHandler"/>)
/// keeps full control of Ctrl+C. Unlike asyncio, this is not limited to the main thread: every
/// running runner cancels its main coroutine.</para>
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
    /// <exception cref="KeyboardInterrupt">Ctrl+C (SIGINT) cancelled the coroutine, which ended by that cancellation.</exception>
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
        var interrupts = new InterruptCounter();
        var uncancelledToZero = false;
        using var sigint = InstallSigintHandler(loop, task, interrupts);
        try
        {
            return loop.RunUntilComplete(task, box =>
            {
                _context = box.Context;
                if (Volatile.Read(ref interrupts.Count) > 0 && box.Status == FutureStatus.Cancelled)
                {
                    // asyncio: `task.uncancel() == 0`, that is our Ctrl+C was the only cancellation
                    // request. A done box keeps its count (Uncancel does not change it), so read it.
                    uncancelledToZero = box.CancelRequests == 1;
                }
            });
        }
        catch (CancelledError e) when (uncancelledToZero)
        {
            throw new KeyboardInterrupt("Interrupted by Ctrl+C (SIGINT): the main coroutine was cancelled and has finished unwinding.", e);
        }
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

    /// <summary>
    /// asyncio's Ctrl+C rule (Python 3.11 <c>Runner</c>): the first SIGINT cancels the main task
    /// (its default action, ending the process, is cancelled); a later one is left to the default
    /// action, so a program stuck in its clean-up can still be stopped. Skipped when the loop has
    /// its own SIGINT handler (<see cref="EventLoop.AddSignalHandler"/>), which then decides, and
    /// where the platform has no signals.
    /// </summary>
    private static PosixSignalRegistration? InstallSigintHandler<T>(EventLoop loop, CoroTask<T> task, InterruptCounter interrupts)
    {
        if (OperatingSystem.IsBrowser() || OperatingSystem.IsWasi() || OperatingSystem.IsIOS() || OperatingSystem.IsTvOS())
        {
            return null;
        }

        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                if (loop.HandlesSignal(Signals.SIGINT))
                {
                    return;
                }

                if (Interlocked.Increment(ref interrupts.Count) > 1)
                {
                    return;
                }

                context.Cancel = true;
                try
                {
                    loop.CallSoonThreadSafe(() =>
                    {
                        if (!task.Done)
                        {
                            task.Cancel();
                        }
                    });
                }
                catch (InvalidOperationException)
                {
                    // The loop closed meanwhile: nothing left to cancel.
                }
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }

    /// <summary>How many SIGINTs arrived during one <see cref="Run{T}(Coro{T})"/>; written by the runtime's signal thread.</summary>
    private sealed class InterruptCounter
    {
        public int Count;
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
