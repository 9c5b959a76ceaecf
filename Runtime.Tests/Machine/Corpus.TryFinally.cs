// Corpus: try/catch/finally and using around awaits. Finally blocks must run once, in order,
// never on a suspension; exceptions thrown after an await go through catch filters exactly as
// the C# compiler's lowering does; using declarations dispose in reverse order.
using CoroGen.CompilerServices;

namespace CoroGen.Tests.Machine;

internal static partial class TryFinallyCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(FinallyOrderWithSuspensions, t => MachineCoro.Create<__FinallyOrderWithSuspensions_Machine, int>(new(t))).CancelAt(8);
        yield return Corpus.Of(ReturnFromTryRunsFinally, t => MachineCoro.Create<__ReturnFromTryRunsFinally_Machine, int>(new(t))).CancelAt(8);
        yield return Corpus.Of(FinallyDoesNotChangeReturnedValue, t => MachineCoro.Create<__FinallyDoesNotChangeReturnedValue_Machine, int>(new(t)));
        yield return Corpus.Of(CatchFilterAfterAwait, t => MachineCoro.Create<__CatchFilterAfterAwait_Machine, string>(new(t))).CancelAt(8);
        yield return Corpus.Of(FilterRunsBeforeInnerFinally, t => MachineCoro.Create<__FilterRunsBeforeInnerFinally_Machine, string>(new(t)));
        yield return Corpus.Of(RethrowAfterAwait, t => MachineCoro.Create<__RethrowAfterAwait_Machine, int>(new(t)));
        yield return Corpus.Of(ExceptionFromAwaitedCoroutineCaught, t => MachineCoro.Create<__ExceptionFromAwaitedCoroutineCaught_Machine, string>(new(t)));
        yield return Corpus.Of(BreakAndContinueThroughFinally, t => MachineCoro.Create<__BreakAndContinueThroughFinally_Machine, int>(new(t))).CancelAt(8);
        yield return Corpus.Of(FinallyThrowsReplacingException, t => MachineCoro.Create<__FinallyThrowsReplacingException_Machine, int>(new(t)));
        yield return Corpus.Of(FilterThatThrowsIsFalse, t => MachineCoro.Create<__FilterThatThrowsIsFalse_Machine, string>(new(t)));
        yield return Corpus.Of(TryCatchWithoutAwaitInLoweredBody, t => MachineCoro.Create<__TryCatchWithoutAwaitInLoweredBody_Machine, string>(new(t)));
        yield return Corpus.Of(NestedTryCatchFinallyRethrowChain, t => MachineCoro.Create<__NestedTryCatchFinallyRethrowChain_Machine, string>(new(t))).CancelAt(8);
        yield return Corpus.Of(UsingStatementWithAwait, t => MachineCoro.Create<__UsingStatementWithAwait_Machine, string>(new(t)));
        yield return Corpus.Of(UsingDeclarationsDisposeInReverse, t => MachineCoro.Create<__UsingDeclarationsDisposeInReverse_Machine, string>(new(t))).CancelAt(8);
        yield return Corpus.Of(UsingMultipleDeclarators, t => MachineCoro.Create<__UsingMultipleDeclarators_Machine, string>(new(t)));
        yield return Corpus.Of(UsingNullResource, t => MachineCoro.Create<__UsingNullResource_Machine, string>(new(t)));
        yield return Corpus.Of(UsingExpressionResource, t => MachineCoro.Create<__UsingExpressionResource_Machine, string>(new(t)));
        yield return Corpus.Of(UsingStructResource, t => MachineCoro.Create<__UsingStructResource_Machine, string>(new(t)));
        yield return Corpus.Of(UsingDisposesOnException, t => MachineCoro.Create<__UsingDisposesOnException_Machine, string>(new(t)));
        yield return Corpus.Of(UsingVarInLoopWithContinue, t => MachineCoro.Create<__UsingVarInLoopWithContinue_Machine, string>(new(t))).CancelAt(8);
        yield return Corpus.Of(UsingInitializerAwaits, t => MachineCoro.Create<__UsingInitializerAwaits_Machine, string>(new(t)));
        yield return Corpus.Of(UsingVarWithoutLaterAwait, t => MachineCoro.Create<__UsingVarWithoutLaterAwait_Machine, string>(new(t)));
    }

    [Coroutine]
    private static async partial Coro<int> FinallyOrderWithSuspensions(List<string> t)
    {
        try
        {
            t.Add("outer try");
            await Coro.Sleep(0);
            try
            {
                t.Add("inner try");
                await Leaf.Step(t, "inner");
                t.Add("inner try end");
            }
            finally
            {
                t.Add("inner finally");
            }

            await Coro.Sleep(0);
            t.Add("outer try end");
        }
        finally
        {
            t.Add("outer finally");
        }

        return t.Count;
    }

    [Coroutine]
    private static async partial Coro<int> ReturnFromTryRunsFinally(List<string> t)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                await Coro.Sleep(0);
                if (i == 2)
                {
                    t.Add("return");
                    return i;
                }
            }
            finally
            {
                t.Add("finally " + i);
            }
        }
    }

    [Coroutine]
    private static async partial Coro<int> FinallyDoesNotChangeReturnedValue(List<string> t)
    {
        var x = 1;
        try
        {
            await Coro.Sleep(0);
            return x;
        }
        finally
        {
            x = 2;
            t.Add("finally set x=" + x);
        }
    }

    [Coroutine]
    private static async partial Coro<string> CatchFilterAfterAwait(List<string> t)
    {
        var log = "";
        for (var i = 0; i < 3; i++)
        {
            try
            {
                await Coro.Sleep(0);
                if (i == 0) throw new InvalidOperationException("first");
                if (i == 1) throw new ArgumentException("second");
                log += "no throw;";
            }
            catch (InvalidOperationException e) when (Fx.B(t, "filter " + e.Message, e.Message == "nope"))
            {
                log += "never;";
            }
            catch (InvalidOperationException e) when (Fx.B(t, "filter2 " + e.Message, true))
            {
                log += "ioe " + e.Message + ";";
            }
            catch (Exception e)
            {
                log += e.GetType().Name + ";";
            }
        }

        return log;
    }

    [Coroutine]
    private static async partial Coro<string> FilterRunsBeforeInnerFinally(List<string> t)
    {
        try
        {
            try
            {
                await Leaf.Step(t, "work");
                throw new InvalidOperationException("boom");
            }
            finally
            {
                t.Add("inner finally");
            }
        }
        catch (InvalidOperationException e) when (Fx.B(t, "outer filter", true))
        {
            t.Add("caught " + e.Message);
        }

        return "done";
    }

    [Coroutine]
    private static async partial Coro<int> RethrowAfterAwait(List<string> t)
    {
        try
        {
            await Leaf.Fail(t, "original");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            t.Add("caught " + e.Message + ", rethrowing");
            throw;
        }
    }

    [Coroutine]
    private static async partial Coro<string> ExceptionFromAwaitedCoroutineCaught(List<string> t)
    {
        try
        {
            var x = await Leaf.Fail(t, "deep");
            t.Add("never " + x);
        }
        catch (InvalidOperationException e) when (e.Message == "deep")
        {
            t.Add("caught deep");
        }

        try
        {
            await Task.FromException(new TimeoutException("task failed"));
        }
        catch (TimeoutException e)
        {
            t.Add("caught " + e.Message);
        }

        return await Leaf.Num(t, "after", 5) + "!";
    }

    [Coroutine]
    private static async partial Coro<int> BreakAndContinueThroughFinally(List<string> t)
    {
        var n = 0;
        while (true)
        {
            try
            {
                n++;
                await Coro.Sleep(0);
                if (n == 2)
                {
                    continue;
                }

                if (n == 4)
                {
                    break;
                }

                t.Add("body " + n);
            }
            finally
            {
                t.Add("finally " + n);
            }
        }

        return n;
    }

    [Coroutine]
    private static async partial Coro<int> FinallyThrowsReplacingException(List<string> t)
    {
        try
        {
            await Coro.Sleep(0);
            throw new InvalidOperationException("lost");
        }
        finally
        {
            t.Add("finally throws");
            throw new NotSupportedException("from finally");
        }
    }

    [Coroutine]
    private static async partial Coro<string> FilterThatThrowsIsFalse(List<string> t)
    {
        try
        {
            await Coro.Sleep(0);
            throw new InvalidOperationException("x");
        }
        catch (InvalidOperationException) when (Explode(t))
        {
            return "filter matched";
        }
        catch (InvalidOperationException e)
        {
            return "second handler " + e.Message;
        }
    }

    private static bool Explode(List<string> t)
    {
        t.Add("filter explodes");
        throw new ArithmeticException("the filter itself fails");
    }

    [Coroutine]
    private static async partial Coro<string> TryCatchWithoutAwaitInLoweredBody(List<string> t)
    {
        await Coro.Sleep(0);
        var result = "";
        try
        {
            result = int.Parse("x").ToString();
        }
        catch (FormatException e) when (e.Message.Length > 0)
        {
            result = "format";
        }
        finally
        {
            t.Add("verbatim finally");
        }

        await Coro.Sleep(0);
        return result;
    }

    [Coroutine]
    private static async partial Coro<string> NestedTryCatchFinallyRethrowChain(List<string> t)
    {
        try
        {
            try
            {
                try
                {
                    await Leaf.Fail(t, "level0");
                }
                catch (InvalidOperationException e)
                {
                    t.Add("wrap " + e.Message);
                    throw new AggregateException("level1", e);
                }
                finally
                {
                    t.Add("finally 1");
                }
            }
            catch (AggregateException e) when (e.InnerException is InvalidOperationException)
            {
                t.Add("wrap again");
                throw new ApplicationException("level2", e);
            }
            finally
            {
                t.Add("finally 2");
            }
        }
        catch (ApplicationException e)
        {
            return e.Message + "<" + e.InnerException!.Message + "<" + e.InnerException.InnerException!.Message;
        }

        return "not thrown";
    }

    [Coroutine]
    private static async partial Coro<string> UsingStatementWithAwait(List<string> t)
    {
        using (var r = new Res(t, "a"))
        {
            await Coro.Sleep(0);
            r.Use("inside");
            using (new Res(t, "b"))
            {
                await Leaf.Step(t, "nested");
            }

            r.Use("after nested");
        }

        return "ok";
    }

    [Coroutine]
    private static async partial Coro<string> UsingDeclarationsDisposeInReverse(List<string> t)
    {
        using var a = new Res(t, "a");
        await Coro.Sleep(0);
        using var b = new Res(t, "b");
        a.Use("1");
        await Leaf.Step(t, "between");
        using Res c = new(t, "c"), d = new(t, "d");
        b.Use("2");
        await Coro.Sleep(0);
        return a.Name + b.Name + c.Name + d.Name;
    }

    [Coroutine]
    private static async partial Coro<string> UsingMultipleDeclarators(List<string> t)
    {
        using (Res x = new Res(t, "x"), y = new Res(t, "y"))
        {
            await Coro.Sleep(0);
            x.Use("body");
            y.Use("body");
        }

        return "ok";
    }

    [Coroutine]
    private static async partial Coro<string> UsingNullResource(List<string> t)
    {
        using (Res? r = null)
        {
            await Coro.Sleep(0);
            t.Add("null resource is fine " + (r is null));
        }

        using IDisposable? s = null;
        await Coro.Sleep(0);
        return "ok";
    }

    private static Res Make(List<string> t, string name) => new(t, name);

    [Coroutine]
    private static async partial Coro<string> UsingExpressionResource(List<string> t)
    {
        using (Make(t, "expr"))
        {
            await Leaf.Step(t, "body");
        }

        using (await Coro.FromResult(Make(t, "awaited")))
        {
            await Coro.Sleep(0);
        }

        return "ok";
    }

    [Coroutine]
    private static async partial Coro<string> UsingStructResource(List<string> t)
    {
        // C# disposes the struct itself, not a copy; member calls on the read-only using
        // variable work on a defensive copy.
        using (var s = new StructRes(t))
        {
            s.Touch();
            await Coro.Sleep(0);
            s.Touch();
        }

        using var u = new StructRes(t);
        u.Touch();
        await Coro.Sleep(0);
        return "ok";
    }

    [Coroutine]
    private static async partial Coro<string> UsingDisposesOnException(List<string> t)
    {
        using var outer = new Res(t, "outer");
        using (var inner = new Res(t, "inner"))
        {
            await Leaf.Fail(t, "inside using");
        }

        return "never";
    }

    [Coroutine]
    private static async partial Coro<string> UsingVarInLoopWithContinue(List<string> t)
    {
        var text = "";
        for (var i = 0; i < 3; i++)
        {
            using var r = new Res(t, "r" + i);
            await Coro.Sleep(0);
            if (i == 1)
            {
                continue;
            }

            text += r.Name;
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> UsingInitializerAwaits(List<string> t)
    {
        using var r = new Res(t, "n" + await Leaf.Num(t, "name", 1));
        using (var s = new Res(t, "m" + await Leaf.Num(t, "name2", 2)))
        {
            s.Use("x");
        }

        return r.Name;
    }

    [Coroutine]
    private static async partial Coro<string> UsingVarWithoutLaterAwait(List<string> t)
    {
        await Coro.Sleep(0);
        using var r = new Res(t, "late");
        r.Use("sync");
        return r.Name;
    }
}
