// Corpus: cancellation. Each program is spawned and cancelled from outside after 0, 1, 2 ...
// loop turns, so the CancelledError lands at each of its awaits in turn (0: before it starts);
// the trace shows which finally blocks and disposals ran, in what order, and what the task
// ended with. Each program is also run to completion uncancelled.
using CoroGen.CompilerServices;
using CoroGen.Sync;

namespace CoroGen.Tests.Machine;

internal static partial class CancellationCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(CancelNestedFinallies, t => MachineCoro.Create<__CancelNestedFinallies_Machine, int>(new(t))).CancelAt(6);
        yield return Corpus.Of(CancelInsideInlinedChild, t => MachineCoro.Create<__CancelInsideInlinedChild_Machine, string>(new(t))).CancelAt(6);
        yield return Corpus.Of(CatchCancellationAndContinue, t => MachineCoro.Create<__CatchCancellationAndContinue_Machine, string>(new(t))).CancelAt(4);
        yield return Corpus.Of(CancelDisposesUsingsInOrder, t => MachineCoro.Create<__CancelDisposesUsingsInOrder_Machine, string>(new(t))).CancelAt(5);
        yield return Corpus.Of(CancelInsideForeach, t => MachineCoro.Create<__CancelInsideForeach_Machine, int>(new(t))).CancelAt(5);
        yield return Corpus.Of(CancelWhileAwaitingFuture, t => MachineCoro.Create<__CancelWhileAwaitingFuture_Machine, string>(new(t))).CancelAt(3);
        yield return Corpus.Of(CancelWhileAwaitingTask, t => MachineCoro.Create<__CancelWhileAwaitingTask_Machine, string>(new(t))).CancelAt(4);
        yield return Corpus.Void(CancelInRecursion, t => MachineCoro.CreateVoid<__CancelInRecursion_Machine>(new(t))).CancelAt(6);
        yield return Corpus.Of(CancelWhileWaitingOnLockAndEvent, t => MachineCoro.Create<__CancelWhileWaitingOnLockAndEvent_Machine, string>(new(t))).CancelAt(4);
        yield return Corpus.Of(CancelWhileAwaitingForeignTask, t => MachineCoro.Create<__CancelWhileAwaitingForeignTask_Machine, string>(new(t))).CancelAt(5);
        yield return Corpus.Of(TokenCancelledByLoopCallback, t => MachineCoro.Create<__TokenCancelledByLoopCallback_Machine, string>(new(t))).CancelAt(3);
        yield return Corpus.Of(CancelledErrorFilteredInParent, t => MachineCoro.Create<__CancelledErrorFilteredInParent_Machine, string>(new(t))).CancelAt(4);
        yield return Corpus.Of(CancelDuringGather, t => MachineCoro.Create<__CancelDuringGather_Machine, string>(new(t))).CancelAt(4);
    }

    [Coroutine]
    private static async partial Coro<int> CancelNestedFinallies(List<string> t)
    {
        try
        {
            t.Add("await 1");
            await Coro.Sleep(0);
            try
            {
                t.Add("await 2");
                await Coro.Sleep(0);
                t.Add("await 3");
                await Coro.Sleep(0);
            }
            finally
            {
                t.Add("inner finally");
            }

            t.Add("await 4");
            await Coro.Sleep(0);
        }
        finally
        {
            t.Add("outer finally");
        }

        t.Add("await 5");
        await Coro.Sleep(0);
        return 5;
    }

    [Coroutine]
    private static async partial Coro<string> CancelInsideInlinedChild(List<string> t)
    {
        try
        {
            var a = await Child(t, "first");
            var b = await Child(t, "second");
            return a + b;
        }
        finally
        {
            t.Add("parent finally");
        }
    }

    [Coroutine]
    private static async partial Coro<string> Child(List<string> t, string name)
    {
        try
        {
            await Coro.Sleep(0);
            t.Add(name + " past await 1");
            await Coro.Sleep(0);
            t.Add(name + " past await 2");
            return name;
        }
        finally
        {
            t.Add(name + " finally");
        }
    }

    [Coroutine]
    private static async partial Coro<string> CatchCancellationAndContinue(List<string> t)
    {
        var caught = 0;
        for (var i = 0; i < 3; i++)
        {
            try
            {
                await Coro.Sleep(0);
                t.Add("iteration " + i);
            }
            catch (CancelledError e)
            {
                caught++;
                t.Add("caught cancellation: " + e.Message);
            }
        }

        await Coro.Sleep(0);
        return "caught " + caught;
    }

    [Coroutine]
    private static async partial Coro<string> CancelDisposesUsingsInOrder(List<string> t)
    {
        using var a = new Res(t, "a");
        await Coro.Sleep(0);
        using (var b = new Res(t, "b"))
        {
            await Coro.Sleep(0);
            using var c = new Res(t, "c");
            await Coro.Sleep(0);
        }

        await Coro.Sleep(0);
        return "all disposed";
    }

    [Coroutine]
    private static async partial Coro<int> CancelInsideForeach(List<string> t)
    {
        var sum = 0;
        foreach (var i in Iterators.Range(t, 4))
        {
            await Coro.Sleep(0);
            sum += i;
        }

        foreach (var n in new Countdown(t, 2))
        {
            await Coro.Sleep(0);
            sum += n * 100;
        }

        return sum;
    }

    private static void SetInTwoTurns(Future<string> future)
    {
        var loop = EventLoop.GetRunningLoop();
        loop.CallSoon(() => loop.CallSoon(() => future.TrySetResult("set")));
    }

    private static void OpenInTwoTurns(AsyncEvent gate)
    {
        var loop = EventLoop.GetRunningLoop();
        loop.CallSoon(() => loop.CallSoon(gate.Set));
    }

    private static void CompleteInThreeTurns(TaskCompletionSource<string> source)
    {
        var loop = EventLoop.GetRunningLoop();
        loop.CallSoon(() => loop.CallSoon(() => loop.CallSoon(() => source.TrySetResult("foreign done"))));
    }

    private static void CancelSoon(CancellationTokenSource source) => EventLoop.GetRunningLoop().CallSoon(source.Cancel);

    /// <summary>A foreign Task cannot be cancelled: the request is delivered when it completes.</summary>
    [Coroutine]
    private static async partial Coro<string> CancelWhileAwaitingForeignTask(List<string> t)
    {
        // Continuations run inline (on the loop thread, which posts the wake-up): no thread pool, so the turn counts stay deterministic.
        var source = new TaskCompletionSource<string>();
        CompleteInThreeTurns(source);
        try
        {
            var value = await source.Task;
            t.Add("got " + value);
            await Coro.Sleep(0);
            return value;
        }
        finally
        {
            t.Add("foreign finally, task completed " + source.Task.IsCompleted);
        }
    }

    [Coroutine]
    private static async partial Coro<string> TokenCancelledByLoopCallback(List<string> t)
    {
        using var cts = new CancellationTokenSource();
        CancelSoon(cts);
        try
        {
            await Task.Delay(Timeout.Infinite, cts.Token);
            return "not cancelled";
        }
        catch (TaskCanceledException)
        {
            t.Add("delay cancelled by the token");
        }

        await Coro.Sleep(0);
        return "token cancelled " + cts.IsCancellationRequested;
    }

    [Coroutine]
    private static async partial Coro<string> CancelWhileAwaitingFuture(List<string> t)
    {
        var loop = EventLoop.GetRunningLoop();
        var future = loop.CreateFuture<string>();
        SetInTwoTurns(future);
        try
        {
            return await future;
        }
        finally
        {
            t.Add("future cancelled " + future.Cancelled);
        }
    }

    [Coroutine]
    private static async partial Coro<string> CancelWhileAwaitingTask(List<string> t)
    {
        var child = Coro.Spawn(CancellableChild(t));
        try
        {
            return await child;
        }
        finally
        {
            t.Add("child done " + child.Done);
        }
    }

    [Coroutine]
    private static async partial Coro<string> CancellableChild(List<string> t)
    {
        try
        {
            await Coro.Sleep(0);
            await Coro.Sleep(0);
            return "child result";
        }
        catch (CancelledError)
        {
            t.Add("child saw cancellation");
            throw;
        }
    }

    [Coroutine]
    private static async partial Coro CancelInRecursion(List<string> t) => await Down(t, 3);

    [Coroutine]
    private static async partial Coro Down(List<string> t, int n)
    {
        try
        {
            await Coro.Sleep(0);
            if (n > 0)
            {
                await Down(t, n - 1);
            }
        }
        finally
        {
            t.Add("finally " + n);
        }
    }

    [Coroutine]
    private static async partial Coro<string> CancelWhileWaitingOnLockAndEvent(List<string> t)
    {
        var gate = new AsyncEvent();
        var loop = EventLoop.GetRunningLoop();
        OpenInTwoTurns(gate);
        var mutex = new AsyncLock();
        await mutex.Acquire();
        try
        {
            await gate.Wait();
            t.Add("gate open");
            await Coro.Sleep(0);
        }
        finally
        {
            mutex.Release();
            t.Add("lock released, locked " + mutex.Locked);
        }

        return "ok";
    }

    [Coroutine]
    private static async partial Coro<string> CancelledErrorFilteredInParent(List<string> t)
    {
        try
        {
            return await Child(t, "filtered");
        }
        catch (CancelledError e) when (Fx.B(t, "parent filter sees " + e.Message, false))
        {
            return "never";
        }
        catch (CancelledError)
        {
            t.Add("parent handler, rethrowing");
            throw;
        }
        finally
        {
            t.Add("parent finally");
        }
    }

    [Coroutine]
    private static async partial Coro<string> CancelDuringGather(List<string> t)
    {
        try
        {
            var results = await Coro.Gather(Child(t, "g1"), Child(t, "g2"));
            return string.Join("+", results);
        }
        finally
        {
            t.Add("gather parent finally");
        }
    }
}
