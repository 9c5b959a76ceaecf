// Corpus: exceptions through awaits: thrown before the first await (still at the await: cold),
// after suspensions, several coroutine levels deep, from foreign awaitables and from spawned
// tasks, caught, filtered, wrapped and rethrown.
using CoroGen.CompilerServices;

namespace CoroGen.Tests.Machine;

internal static partial class ExceptionsCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(ThrowBeforeFirstAwait, t => MachineCoro.Create<__ThrowBeforeFirstAwait_Machine, int>(new(t)));
        yield return Corpus.Of(ThrowThroughThreeLevels, t => MachineCoro.Create<__ThrowThroughThreeLevels_Machine, int>(new(t))).CancelAt(8);
        yield return Corpus.Of(CatchInMiddleLevel, t => MachineCoro.Create<__CatchInMiddleLevel_Machine, string>(new(t)));
        yield return Corpus.Of(ExceptionFromSpawnedTask, t => MachineCoro.Create<__ExceptionFromSpawnedTask_Machine, string>(new(t)));
        yield return Corpus.Of(ExceptionFromTaskRun, t => MachineCoro.Create<__ExceptionFromTaskRun_Machine, int>(new(t))).NoCancelSweep();
        yield return Corpus.Void(VoidCoroutineThrowsAfterLoop, t => MachineCoro.CreateVoid<__VoidCoroutineThrowsAfterLoop_Machine>(new(t)));
        yield return Corpus.Of(CatchThenContinueLooping, t => MachineCoro.Create<__CatchThenContinueLooping_Machine, string>(new(t)));
        yield return Corpus.Of(ExceptionInArgumentAfterAwait, t => MachineCoro.Create<__ExceptionInArgumentAfterAwait_Machine, string>(new(t)));
        yield return Corpus.Of(RecursiveThrowUnwindsFinallies, t => MachineCoro.Create<__RecursiveThrowUnwindsFinallies_Machine, int>(new(t))).CancelAt(8);
        yield return Corpus.Of(ParentFilterAndChildFinallyOrder, t => MachineCoro.Create<__ParentFilterAndChildFinallyOrder_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitSameCoroTwice, t => MachineCoro.Create<__AwaitSameCoroTwice_Machine, string>(new(t)));
        yield return Corpus.Of(ParentFilterAndGrandchildUsing, t => MachineCoro.Create<__ParentFilterAndGrandchildUsing_Machine, string>(new(t)));
        yield return Corpus.Of(ExpressionBodiedThrow, t => MachineCoro.Create<__ExpressionBodiedThrow_Machine, int>(new(t)));
        yield return Corpus.Void(ExpressionBodiedVoidThrow, t => MachineCoro.CreateVoid<__ExpressionBodiedVoidThrow_Machine>(new(t)));
        yield return Corpus.Of(NoAwaitAtAll, t => MachineCoro.Create<__NoAwaitAtAll_Machine, int>(new(t)));
        yield return Corpus.Of(NullReferenceAfterAwait, t => MachineCoro.Create<__NullReferenceAfterAwait_Machine, int>(new(t)));
    }

    [Coroutine]
    private static async partial Coro<int> ThrowBeforeFirstAwait(List<string> t)
    {
        t.Add("runs only when awaited");
        if (t.Count > 0)
        {
            throw new InvalidOperationException("before any await");
        }

        await Coro.Sleep(0);
        return 1;
    }

    [Coroutine]
    private static async partial Coro<int> ThrowThroughThreeLevels(List<string> t)
    {
        try
        {
            return await Level1(t);
        }
        finally
        {
            t.Add("top finally");
        }
    }

    [Coroutine]
    private static async partial Coro<int> Level1(List<string> t)
    {
        try
        {
            return await Level2(t) + 1;
        }
        finally
        {
            t.Add("level1 finally");
        }
    }

    [Coroutine]
    private static async partial Coro<int> Level2(List<string> t)
    {
        await Coro.Sleep(0);
        var value = await Leaf.Fail(t, "from the bottom");
        return value;
    }

    [Coroutine]
    private static async partial Coro<string> CatchInMiddleLevel(List<string> t)
    {
        var result = await Middle(t);
        return "top got " + result;
    }

    [Coroutine]
    private static async partial Coro<string> Middle(List<string> t)
    {
        try
        {
            await Level2(t);
            return "unreachable";
        }
        catch (InvalidOperationException e) when (e.Message.Contains("bottom"))
        {
            t.Add("middle filter matched");
            return "middle caught: " + e.Message;
        }
    }

    [Coroutine]
    private static async partial Coro<string> ExceptionFromSpawnedTask(List<string> t)
    {
        var task = Coro.Spawn(Leaf.Fail(t, "in a task"));
        await Coro.Sleep(0);
        t.Add("task done " + task.Done);
        try
        {
            await task;
        }
        catch (InvalidOperationException e)
        {
            return "awaiting the task threw " + e.Message;
        }

        return "no";
    }

    [Coroutine]
    private static async partial Coro<int> ExceptionFromTaskRun(List<string> t)
    {
        await Coro.Sleep(0);
        t.Add("before Task.Run");
        return await Task.Run(new Func<int>(() => throw new DivideByZeroException("pool thread")));
    }

    [Coroutine]
    private static async partial Coro VoidCoroutineThrowsAfterLoop(List<string> t)
    {
        for (var i = 0; i < 3; i++)
        {
            await Leaf.Step(t, "s" + i);
        }

        throw new ArgumentOutOfRangeException("i", "after the loop");
    }

    [Coroutine]
    private static async partial Coro<string> CatchThenContinueLooping(List<string> t)
    {
        var text = "";
        for (var i = 0; i < 4; i++)
        {
            try
            {
                text += await (i % 2 == 0 ? Leaf.Num(t, "ok" + i, i) : Leaf.Fail(t, "odd " + i));
            }
            catch (InvalidOperationException e)
            {
                text += "(" + e.Message + ")";
                continue;
            }

            text += ";";
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> ExceptionInArgumentAfterAwait(List<string> t)
    {
        try
        {
            return Fx.Three(Fx.S(t, "a"), await Leaf.Num(t, "b", 1), Boom(t));
        }
        catch (FormatException e)
        {
            return "caught " + e.Message;
        }
    }

    private static string Boom(List<string> t)
    {
        t.Add("boom");
        throw new FormatException("third argument");
    }

    [Coroutine]
    private static async partial Coro<int> RecursiveThrowUnwindsFinallies(List<string> t) => await Dive(t, 4);

    [Coroutine]
    private static async partial Coro<int> Dive(List<string> t, int n)
    {
        try
        {
            await Coro.Sleep(0);
            if (n == 0)
            {
                throw new StackOverflowException("simulated at the bottom");
            }

            return await Dive(t, n - 1);
        }
        finally
        {
            t.Add("unwind " + n);
        }
    }

    [Coroutine]
    private static async partial Coro<int> NullReferenceAfterAwait(List<string> t)
    {
        string? text = null;
        await Coro.Sleep(0);
        return text!.Length;
    }

    [Coroutine]
    private static async partial Coro<int> MiddleWithUsing(List<string> t)
    {
        using var r = new Res(t, "middle");
        return await ChildWithFinally(t, true);
    }

    [Coroutine]
    private static async partial Coro<string> ParentFilterAndGrandchildUsing(List<string> t)
    {
        try
        {
            return "no " + await MiddleWithUsing(t);
        }
        catch (InvalidOperationException e) when (Fx.B(t, "top filter", e.Message.Length > 0))
        {
            return "caught " + e.Message;
        }
    }

    /// <summary>A Coro is consumed once (as a Python coroutine object): the second await fails.</summary>
    [Coroutine]
    private static async partial Coro<string> AwaitSameCoroTwice(List<string> t)
    {
        var coro = Leaf.Num(t, "once", 1);
        var first = await coro;
        try
        {
            await coro;
            return "awaited twice";
        }
        catch (InvalidOperationException e)
        {
            return first + " then " + e.GetType().Name + ": " + e.Message;
        }
    }

    [Coroutine]
    private static async partial Coro<int> ChildWithFinally(List<string> t, bool suspendFirst)
    {
        try
        {
            if (suspendFirst)
            {
                await Coro.Sleep(0);
            }

            throw new InvalidOperationException("child " + suspendFirst);
        }
        finally
        {
            t.Add("child finally " + suspendFirst);
        }
    }

    /// <summary>
    /// C#: the child's exception is caught by its own builder, so the child's finally runs before
    /// the parent's filter (which a direct call would run first, in .NET's first pass).
    /// </summary>
    [Coroutine]
    private static async partial Coro<string> ParentFilterAndChildFinallyOrder(List<string> t)
    {
        var text = "";
        foreach (var suspend in new[] { true, false })
        {
            try
            {
                text += await ChildWithFinally(t, suspend);
            }
            catch (InvalidOperationException e) when (Fx.B(t, "parent filter " + e.Message, true))
            {
                text += "caught " + e.Message + ";";
            }
        }

        return text;
    }

#pragma warning disable CS1998 // async without await: still a coroutine (cold, on the loop)
    [Coroutine]
    private static async partial Coro<int> ExpressionBodiedThrow(List<string> t) => throw new NotSupportedException("expression-bodied throw");

    [Coroutine]
    private static async partial Coro ExpressionBodiedVoidThrow(List<string> t) => throw new NotSupportedException("void expression-bodied throw");

    [Coroutine]
    private static async partial Coro<int> NoAwaitAtAll(List<string> t)
    {
        t.Add("ran without awaiting");
        return t.Count;
    }
#pragma warning restore CS1998
}
