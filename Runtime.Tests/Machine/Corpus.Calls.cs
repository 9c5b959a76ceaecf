// Corpus: calls. Awaiting other [Coroutine] methods (inlined machines), chains of depth 3 and
// 10, self and mutual recursion (boxed edges), Spawn and Gather of coroutine calls inside a
// lowered body, cold starts, foreign awaitables (Task, ValueTask), futures, virtual-time sleeps
// and CancellationToken parameters.
using CoroGen.CompilerServices;

namespace CoroGen.Tests.Machine;

internal static partial class CallsCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(AwaitInlinedCoroutines, t => MachineCoro.Create<__AwaitInlinedCoroutines_Machine, int>(new(t)));
        yield return Corpus.Of(ChainDepth3, t => MachineCoro.Create<__ChainDepth3_Machine, int>(new(t))).CancelAt(8);
        yield return Corpus.Of(ChainDepth10, t => MachineCoro.Create<__ChainDepth10_Machine, int>(new(t)));
        yield return Corpus.Of(SelfRecursionFibonacci, t => MachineCoro.Create<__SelfRecursionFibonacci_Machine, int>(new(t))).CancelAt(8);
        yield return Corpus.Of(MutualRecursion, t => MachineCoro.Create<__MutualRecursion_Machine, string>(new(t))).CancelAt(8);
        yield return Corpus.Of(SpawnCoroutineCalls, t => MachineCoro.Create<__SpawnCoroutineCalls_Machine, string>(new(t))).CancelAt(8);
        yield return Corpus.Of(GatherCoroutineCalls, t => MachineCoro.Create<__GatherCoroutineCalls_Machine, string>(new(t))).CancelAt(8);
        yield return Corpus.Of(GatherVoidAndFailure, t => MachineCoro.Create<__GatherVoidAndFailure_Machine, string>(new(t)));
        yield return Corpus.Of(ColdStartStoredCoroutine, t => MachineCoro.Create<__ColdStartStoredCoroutine_Machine, int>(new(t)));
        yield return Corpus.Of(CalleeArgumentsEvaluationOrder, t => MachineCoro.Create<__CalleeArgumentsEvaluationOrder_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitTasksAndValueTasks, t => MachineCoro.Create<__AwaitTasksAndValueTasks_Machine, string>(new(t))).NoCancelSweep();
        yield return Corpus.Of(AwaitTaskCompletedFromLoopCallback, t => MachineCoro.Create<__AwaitTaskCompletedFromLoopCallback_Machine, int>(new(t)));
        yield return Corpus.Of(AwaitFutures, t => MachineCoro.Create<__AwaitFutures_Machine, string>(new(t)));
        yield return Corpus.Of(VirtualTimeSleeps, t => MachineCoro.Create<__VirtualTimeSleeps_Machine, string>(new(t)));
        yield return Corpus.Of("CancellationTokenParameter", typeof(CallsCorpus), nameof(WithToken),
            t => Corpus.ViaDelegate(() => ((Func<List<string>, CancellationToken, Coro<string>>)WithToken)(t, new CancellationToken(true))),
            t => MachineCoro.Create<__WithToken_Machine, string>(new(t, new CancellationToken(true))));
        yield return Corpus.Of(SpawnedTasksInterleave, t => MachineCoro.Create<__SpawnedTasksInterleave_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitSpawnedTaskTwiceViaHandle, t => MachineCoro.Create<__AwaitSpawnedTaskTwiceViaHandle_Machine, int>(new(t)));
        yield return Corpus.Of(CoroutineInOtherTypeAndOverloads, t => MachineCoro.Create<__CoroutineInOtherTypeAndOverloads_Machine, string>(new(t)));
    }

    [Coroutine]
    private static async partial Coro<int> AwaitInlinedCoroutines(List<string> t)
    {
        var a = await Leaf.Num(t, "a", 1);
        await Leaf.Step(t, "void step");
        var b = await Leaf.Sync(t, 2);
        return a + b;
    }

    [Coroutine]
    private static async partial Coro<int> ChainDepth3(List<string> t) => await Depth(t, 3);

    [Coroutine]
    private static async partial Coro<int> ChainDepth10(List<string> t) => await Depth(t, 10) + await Depth(t, 0);

    [Coroutine]
    private static async partial Coro<int> Depth(List<string> t, int depth)
    {
        t.Add("enter " + depth);
        if (depth == 0)
        {
            await Coro.Sleep(0);
            t.Add("bottom");
            return 0;
        }

        var below = await Depth(t, depth - 1);
        t.Add("leave " + depth);
        return below + depth;
    }

    [Coroutine]
    private static async partial Coro<int> SelfRecursionFibonacci(List<string> t) => await Fib(t, 6);

    [Coroutine]
    private static async partial Coro<int> Fib(List<string> t, int n)
    {
        if (n < 2)
        {
            await Coro.Sleep(0);
            return n;
        }

        var result = await Fib(t, n - 1) + await Fib(t, n - 2);
        t.Add($"fib({n})={result}");
        return result;
    }

    [Coroutine]
    private static async partial Coro<string> MutualRecursion(List<string> t) =>
        $"{await IsEven(t, 7)} {await IsEven(t, 4)}";

    [Coroutine]
    private static async partial Coro<bool> IsEven(List<string> t, int n)
    {
        t.Add("even? " + n);
        if (n == 0)
        {
            return true;
        }

        await Coro.Sleep(0);
        return await IsOdd(t, n - 1);
    }

    [Coroutine]
    private static async partial Coro<bool> IsOdd(List<string> t, int n)
    {
        t.Add("odd? " + n);
        if (n == 0)
        {
            return false;
        }

        return await IsEven(t, n - 1);
    }

    [Coroutine]
    private static async partial Coro<string> SpawnCoroutineCalls(List<string> t)
    {
        var first = Coro.Spawn(Worker(t, "w1", 2));
        var second = Coro.Spawn(Worker(t, "w2", 1));
        t.Add("spawned");
        await Coro.Sleep(0);
        t.Add("parent woke");
        var a = await first;
        var b = await second;
        var voidTask = Coro.Spawn(Leaf.Step(t, "void task"));
        await voidTask;
        return $"{a} {b} {first.Done} {second.Done}";
    }

    [Coroutine]
    private static async partial Coro<int> Worker(List<string> t, string name, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            t.Add($"{name} round {i}");
            await Coro.Sleep(0);
        }

        t.Add(name + " done");
        return rounds * 10;
    }

    [Coroutine]
    private static async partial Coro<string> GatherCoroutineCalls(List<string> t)
    {
        var results = await Coro.Gather(Worker(t, "g1", 3), Worker(t, "g2", 1), Leaf.Num(t, "g3", 7));
        t.Add("gathered " + results.Length);
        var again = await Coro.Gather(Coro.Spawn(Worker(t, "h1", 1)), Coro.Spawn(Worker(t, "h2", 2)));
        return string.Join(",", results) + ";" + string.Join(",", again);
    }

    [Coroutine]
    private static async partial Coro<string> GatherVoidAndFailure(List<string> t)
    {
        await Coro.Gather(Leaf.Step(t, "v1"), Leaf.Step(t, "v2"));
        try
        {
            await Coro.Gather(Worker(t, "ok", 2), Leaf.Fail(t, "gather child failed"));
            return "no exception";
        }
        catch (InvalidOperationException e)
        {
            t.Add("gather threw " + e.Message);
        }

        await Coro.Sleep(0);
        return "handled";
    }

    [Coroutine]
    private static async partial Coro<int> ColdStartStoredCoroutine(List<string> t)
    {
        var pending = Leaf.Num(t, "cold", 5);
        t.Add("created, not started");
        await Coro.Sleep(0);
        t.Add("now awaiting");
        var value = await pending;
        Coro<int> other = Worker(t, "stored", 1);
        t.Add("second created");
        return value + await other;
    }

    [Coroutine]
    private static async partial Coro<string> CalleeArgumentsEvaluationOrder(List<string> t)
    {
        var r = await Concat(t, Fx.S(t, "first"), await Leaf.Num(t, "second", 2), Fx.S(t, "third"));
        t.Add(r);
        var nested = await Concat(t, await Concat(t, "x", 1, "y"), Fx.V(t, "v", 3), await Concat(t, "p", 2, "q"));
        return r + " " + nested;
    }

    [Coroutine]
    private static async partial Coro<string> Concat(List<string> t, string a, int b, string c)
    {
        t.Add($"concat({a},{b},{c}) starts");
        await Coro.Sleep(0);
        return a + b + c;
    }

    [Coroutine]
    private static async partial Coro<string> AwaitTasksAndValueTasks(List<string> t)
    {
        var a = await Task.FromResult(1);
        await Task.CompletedTask;
        var b = await new ValueTask<int>(2);
        await default(ValueTask);
        var c = await Task.Run(() => 3);
        t.Add("after Task.Run");
        await Task.Yield();
        t.Add("after Task.Yield");
        var d = await ValueTask.FromResult(4);
        try
        {
            await Task.FromException<int>(new IOException("faulted task"));
        }
        catch (IOException e)
        {
            t.Add(e.Message);
        }

        try
        {
            await Task.FromCanceled(new CancellationToken(true));
        }
        catch (TaskCanceledException e)
        {
            t.Add(e.GetType().Name);
        }

        return $"{a}{b}{c}{d}";
    }

    [Coroutine]
    private static async partial Coro<int> AwaitTaskCompletedFromLoopCallback(List<string> t)
    {
        var source = new TaskCompletionSource<int>();
        CompleteLater(t, source);
        t.Add("awaiting task");
        var value = await source.Task;
        t.Add("task gave " + value);
        return value;
    }

    // Lambdas live in helpers: a lambda capturing a hoisted local is not lowered yet (CORO0009).
    private static void CompleteLater(List<string> t, TaskCompletionSource<int> source) =>
        EventLoop.GetRunningLoop().CallLater(TimeSpan.FromSeconds(2), () =>
        {
            t.Add("callback completes the task");
            source.SetResult(9);
        });

    internal static void ResolveLater<T>(Future<T> future, T value, double seconds) =>
        EventLoop.GetRunningLoop().CallLater(TimeSpan.FromSeconds(seconds), () => future.SetResult(value));

    private static void FailSoon<T>(Future<T> future, Exception e) => EventLoop.GetRunningLoop().CallSoon(() => future.SetException(e));

    [Coroutine]
    private static async partial Coro<string> AwaitFutures(List<string> t)
    {
        var loop = EventLoop.GetRunningLoop();
        var future = loop.CreateFuture<string>();
        ResolveLater(future, "resolved", 1);
        var value = await future;
        t.Add("future " + value + " at " + loop.Time);
        var failing = loop.CreateFuture<int>();
        FailSoon(failing, new KeyNotFoundException("future failed"));
        try
        {
            await failing;
        }
        catch (KeyNotFoundException e)
        {
            t.Add(e.Message);
        }

        var done = loop.CreateFuture<int>();
        done.SetResult(3);
        return value + await done;
    }

    [Coroutine]
    private static async partial Coro<string> VirtualTimeSleeps(List<string> t)
    {
        var loop = EventLoop.GetRunningLoop();
        var start = loop.Time;
        await Coro.Sleep(1.5);
        t.Add("after 1.5 s: " + (loop.Time - start));
        await Coro.Sleep(TimeSpan.FromMilliseconds(250));
        t.Add("after 0.25 s more: " + (loop.Time - start));
        var slow = Coro.Spawn(Sleeper(t, "slow", 3));
        var fast = Coro.Spawn(Sleeper(t, "fast", 1));
        await slow;
        await fast;
        return "elapsed " + (loop.Time - start);
    }

    [Coroutine]
    private static async partial Coro Sleeper(List<string> t, string name, double seconds)
    {
        await Coro.Sleep(seconds);
        t.Add(name + " woke");
    }

    [Coroutine]
    private static async partial Coro<string> WithToken(List<string> t, CancellationToken token)
    {
        t.Add("cancelled token " + token.IsCancellationRequested);
        await Coro.Sleep(0);
        try
        {
            await Task.Delay(1000, token);
            return "not cancelled";
        }
        catch (OperationCanceledException e) when (e.CancellationToken == token)
        {
            t.Add("delay cancelled by the parameter token");
        }

        token.ThrowIfCancellationRequested();
        return "unreachable";
    }

    [Coroutine]
    private static async partial Coro<string> SpawnedTasksInterleave(List<string> t)
    {
        var tasks = new List<CoroTask<int>>();
        for (var i = 0; i < 3; i++)
        {
            tasks.Add(Coro.Spawn(Worker(t, "t" + i, 3 - i)));
        }

        var sum = 0;
        foreach (var task in tasks)
        {
            sum += await task;
        }

        return "sum " + sum;
    }

    [Coroutine]
    private static async partial Coro<int> AwaitSpawnedTaskTwiceViaHandle(List<string> t)
    {
        // Result is read before the await consumes the task's outcome (afterwards the handle is stale).
        var task = Coro.Spawn(Worker(t, "once", 1));
        while (!task.Done)
        {
            await Coro.Sleep(0);
        }

        var peeked = task.Result;
        t.Add("done " + task.Done + " result " + peeked);
        return peeked + await task;
    }

    [Coroutine]
    private static async partial Coro<string> CoroutineInOtherTypeAndOverloads(List<string> t)
    {
        var a = await Overloaded(t, 1);
        var b = await Overloaded(t, "s");
        var c = await GenericsCorpus.Echo(t, "other type");
        return $"{a} {b} {c}";
    }

    [Coroutine]
    private static async partial Coro<string> Overloaded(List<string> t, int x)
    {
        await Coro.Sleep(0);
        return "int " + x;
    }

    [Coroutine]
    private static async partial Coro<string> Overloaded(List<string> t, string x)
    {
        await Coro.Sleep(0);
        return "string " + x;
    }
}
