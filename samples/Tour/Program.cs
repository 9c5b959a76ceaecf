using System.Text;
using CoroGen;
using CoroGen.Process;

namespace CoroGen.Samples.Tour;

/// <summary>
/// A short walk through what CoroGen offers today, in the order an asyncio user would meet it.
/// Runs in about a second and exits with 0.
/// </summary>
public static partial class Program
{
    public static int Main()
    {
        var total = EventLoop.Run(Tour());   // asyncio.run(tour())
        Console.WriteLine($"tour finished: {total} steps");
        return 0;
    }

    [Coroutine]
    private static async partial Coro<int> Tour()
    {
        var steps = 0;
        steps += await Hello();
        steps += await Concurrency();
        steps += await Timeouts();
        steps += await Groups();
        steps += await LowLevel();
        steps += await Processes();
        return steps;
    }

    /// <summary>asyncio's hello world: a coroutine that sleeps.</summary>
    [Coroutine]
    private static async partial Coro<int> Hello()
    {
        Console.WriteLine("Hello ...");
        await Coro.Sleep(TimeSpan.FromMilliseconds(100));
        Console.WriteLine("... World!");
        return 1;
    }

    [Coroutine]
    private static async partial Coro<string> Fetch(string name, double seconds)
    {
        await Coro.Sleep(seconds);
        return $"{name} after {seconds:0.00}s";
    }

    /// <summary>Tasks run concurrently; gather returns results in argument order.</summary>
    [Coroutine]
    private static async partial Coro<int> Concurrency()
    {
        var loop = EventLoop.GetRunningLoop();
        var start = loop.Time;
        var results = await Coro.Gather(Fetch("a", 0.2), Fetch("b", 0.1), Fetch("c", 0.15));
        Console.WriteLine($"gather: [{string.Join(", ", results)}] in {loop.Time - start:0.00}s, not 0.45s");

        var tasks = new[] { Coro.Spawn(Fetch("slow", 0.2)), Coro.Spawn(Fetch("fast", 0.05)) };
        await foreach (var task in Coro.AsCompleted(tasks))
        {
            Console.WriteLine($"as_completed: {await task}");
        }

        var fromThread = await Coro.ToThread(() => Environment.CurrentManagedThreadId);
        Console.WriteLine($"to_thread: ran on thread {fromThread}, resumed on loop thread {Environment.CurrentManagedThreadId}");
        return 3;
    }

    /// <summary>wait_for cancels what it waited for; a task can be cancelled and clean up.</summary>
    [Coroutine]
    private static async partial Coro<int> Timeouts()
    {
        try
        {
            await Coro.WaitFor(Fetch("never", 10), TimeSpan.FromMilliseconds(50));
        }
        catch (TimeoutException)
        {
            Console.WriteLine("wait_for: timed out after 0.05s, and the slow fetch was cancelled");
        }

        var worker = Coro.Spawn(Worker());
        await Coro.Sleep(0.05);
        worker.Cancel("tour is moving on");
        try
        {
            await worker;
        }
        catch (CancelledError e) when (Coro.CurrentTask!.Value.Cancelling() == 0)
        {
            // The worker's cancellation, not ours: nobody asked this task to stop (asyncio 3.11's
            // check), so it is safe to go on.
            Console.WriteLine($"cancel: worker stopped ({e.CancelMessage})");
        }

        var shielded = Coro.Spawn(Fetch("shielded", 0.05));
        var waiter = Coro.Spawn(AwaitShielded(shielded));
        await Coro.Sleep(0.01);
        waiter.Cancel();
        Console.WriteLine($"shield: the waiter was cancelled, the task still finished: {await shielded}");
        return 3;
    }

    [Coroutine]
    private static async partial Coro Worker()
    {
        try
        {
            while (true)
            {
                await Coro.Sleep(0.01);
            }
        }
        finally
        {
            Console.WriteLine("cancel: worker's finally block ran");
        }
    }

    [Coroutine]
    private static async partial Coro<string> AwaitShielded(CoroTask<string> task) => await Coro.Shield(task);

    [Coroutine]
    private static async partial Coro<int> Failing()
    {
        await Coro.Sleep(0.02);
        throw new InvalidOperationException("child failed");
    }

    /// <summary>TaskGroup: the first failure cancels the siblings, errors surface together.</summary>
    [Coroutine]
    private static async partial Coro<int> Groups()
    {
        try
        {
            await TaskGroup.Run(async group =>
            {
                _ = group.Spawn(Fetch("sibling", 5));
                _ = group.Spawn(Failing());
                await Coro.Sleep(5);
            });
        }
        catch (TaskGroupException e)
        {
            Console.WriteLine($"task group: {e.InnerExceptions.Count} error(s): {e.InnerExceptions[0].Message}; the sibling was cancelled");
        }

        return 1;
    }

    /// <summary>The low-level loop API: callbacks, timers, futures, thread-safe entry.</summary>
    [Coroutine]
    private static async partial Coro<int> LowLevel()
    {
        var loop = EventLoop.GetRunningLoop();
        var future = loop.CreateFuture<string>();
        loop.CallSoon(() => Console.WriteLine("call_soon: runs on the next iteration"));
        loop.CallLater(TimeSpan.FromMilliseconds(30), () => future.SetResult("call_later: set a future's result"));
        Console.WriteLine(await future);

        var fromOtherThread = loop.CreateFuture<int>();
        var thread = new Thread(() => loop.CallSoonThreadSafe(() => fromOtherThread.SetResult(Environment.CurrentManagedThreadId))) { IsBackground = true };
        thread.Start();
        Console.WriteLine($"call_soon_threadsafe: callback ran on loop thread {await fromOtherThread}");
        return 2;
    }

    /// <summary>Subprocesses and signals: a child's output through pipes, and SIGUSR1 as a loop callback.</summary>
    [Coroutine]
    private static async partial Coro<int> Processes()
    {
        var child = await Subprocess.Shell("echo hello from the shell; echo a warning >&2", stdout: Stdio.Pipe, stderr: Stdio.Pipe);
        var output = await child.Communicate();
        Console.WriteLine($"subprocess: exit {child.ReturnCode}, stdout '{Encoding.UTF8.GetString(output.Stdout!).Trim()}', stderr '{Encoding.UTF8.GetString(output.Stderr!).Trim()}'");

        if (!OperatingSystem.IsLinux())
        {
            return 1;
        }

        var loop = EventLoop.GetRunningLoop();
        var received = loop.CreateFuture<int>();
        loop.AddSignalHandler(Signals.SIGUSR1, () => received.TrySetResult(Environment.CurrentManagedThreadId));
        var kill = await Subprocess.Exec("kill", ["-USR1", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.Wait();
        Console.WriteLine($"add_signal_handler: SIGUSR1 handled on loop thread {await received}");
        loop.RemoveSignalHandler(Signals.SIGUSR1);
        return 2;
    }
}
