// Corpus: awaits in the `when` clauses of switch statements and switch expressions, gotos that
// leave lowered finally blocks (awaiting finally, await using, await foreach), and foreach
// deconstruction with awaits in the loop. Labels, governors, Deconstruct methods and disposals
// log to the trace, so which when clauses run, in which order, and which finally blocks a goto
// runs are visible.
using CoroGen.CompilerServices;
using static CoroGen.Tests.Machine.Fx;

namespace CoroGen.Tests.Machine;

internal static partial class JumpsCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(SwitchWhenClausesAwait, t => MachineCoro.Create<__SwitchWhenClausesAwait_Machine, string>(new(t)));
        yield return Corpus.Of(SwitchWhenClauseThrows, t => MachineCoro.Create<__SwitchWhenClauseThrows_Machine, string>(new(t)));
        yield return Corpus.Of(SwitchExpressionWhenClauseAwaits, t => MachineCoro.Create<__SwitchExpressionWhenClauseAwaits_Machine, string>(new(t)));
        yield return Corpus.Of(SwitchPatternVariablesAndGotoCase, t => MachineCoro.Create<__SwitchPatternVariablesAndGotoCase_Machine, string>(new(t))).CancelAt(8);
        yield return Corpus.Of(GotoOutOfAwaitingFinally, t => MachineCoro.Create<__GotoOutOfAwaitingFinally_Machine, string>(new(t))).CancelAt(10);
        yield return Corpus.Of(GotoOutOfAwaitUsingAndAwaitForeach, t => MachineCoro.Create<__GotoOutOfAwaitUsingAndAwaitForeach_Machine, string>(new(t))).CancelAt(10);
        yield return Corpus.Of(GotoBackBeforeAwaitUsingDeclaration, t => MachineCoro.Create<__GotoBackBeforeAwaitUsingDeclaration_Machine, string>(new(t))).CancelAt(8);
        yield return Corpus.Of(GotoThroughNestedFinallyWhileThrowing, t => MachineCoro.Create<__GotoThroughNestedFinallyWhileThrowing_Machine, string>(new(t))).CancelAt(8);
        yield return Corpus.Of(ForeachDeconstructionDeconstructOnce, t => MachineCoro.Create<__ForeachDeconstructionDeconstructOnce_Machine, string>(new(t)));
        yield return Corpus.Of(ForeachDeconstructionNestedAndExisting, t => MachineCoro.Create<__ForeachDeconstructionNestedAndExisting_Machine, string>(new(t)));
        // Found by the lowering fuzz test: the loop's variables were hoisted (their scope was taken
        // to be the enclosing block) and the copied loop did not compile (CS8186).
        yield return Corpus.Of(ForeachDeconstructionWithoutAwaitInLoop, t => MachineCoro.Create<__ForeachDeconstructionWithoutAwaitInLoop_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitForeachDeconstruction, t => MachineCoro.Create<__AwaitForeachDeconstruction_Machine, string>(new(t))).CancelAt(8);
    }

    [Coroutine]
    private static async partial Coro<string> SwitchWhenClausesAwait(List<string> t)
    {
        var text = "";
        for (var i = 0; i < 4; i++)
        {
            switch (V(t, "governor", i))
            {
                case 0 when await Leaf.Flag(t, "zero guard", false):
                    text += "zero;";
                    break;
                case < 2 when await Leaf.Flag(t, "small guard " + i, i == 1):
                    text += "small;";
                    break;
                case 2:
                    text += "two;";
                    break;
                case > 2 when B(t, "plain guard", i == 3) && await Leaf.Flag(t, "late guard", true):
                    text += "late;";
                    break;
                default:
                    await Coro.Sleep(0);
                    text += "default;";
                    break;
            }
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> SwitchWhenClauseThrows(List<string> t)
    {
        try
        {
            switch (V(t, "governor", 1))
            {
                case 1 when await Leaf.Fail(t, "guard failed") > 0:
                    return "not reached";
                default:
                    return "default not reached";
            }
        }
        catch (InvalidOperationException e)
        {
            return "caught " + e.Message;
        }
    }

    [Coroutine]
    private static async partial Coro<string> SwitchExpressionWhenClauseAwaits(List<string> t)
    {
        var text = "";
        foreach (var o in new object[] { 1, "two", 3L })
        {
            text += o switch
            {
                int i when await Leaf.Flag(t, "int guard", i > 5) => "big int;",
                int => "int;",
                string s when await Leaf.Flag(t, "string guard", s.Length == 3) => "three chars " + s + ";",
                _ => await Leaf.Num(t, "fallback", 0) + ";",
            };
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> GotoOutOfAwaitingFinally(List<string> t)
    {
        var n = 0;
    again:
        n++;
        try
        {
            try
            {
                await Leaf.Step(t, "body " + n);
                if (n < 3)
                {
                    goto again;
                }

                goto done;
            }
            finally
            {
                await Leaf.Step(t, "inner finally " + n);
            }
        }
        finally
        {
            t.Add("outer plain finally " + n);
        }

    done:
        t.Add("done");
        return "n=" + n;
    }

    private sealed class SyncAsyncRes(List<string> t, string name) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            t.Add("dispose " + name);
            return ValueTask.CompletedTask;
        }
    }

    private static async IAsyncEnumerable<(string, int)> Pairs(List<string> t, int count)
    {
        try
        {
            for (var i = 0; i < count; i++)
            {
                await Task.CompletedTask;
                t.Add("produce " + i);
                yield return ("p" + i, i);
            }
        }
        finally
        {
            t.Add("pairs disposed");
        }
    }

    [Coroutine]
    private static async partial Coro<string> GotoOutOfAwaitUsingAndAwaitForeach(List<string> t)
    {
        var found = "";
        await using (new SyncAsyncRes(t, "outer"))
        {
            await foreach (var pair in Pairs(t, 5))
            {
                await Leaf.Step(t, "visit " + pair.Item1);
                if (pair.Item2 == 2)
                {
                    found = pair.Item1;
                    goto found;
                }
            }

            t.Add("not found");
        }

    found:
        t.Add("found " + found);
        return found;
    }

    [Coroutine]
    private static async partial Coro<string> GotoBackBeforeAwaitUsingDeclaration(List<string> t)
    {
        var round = 0;
    top:
        round++;
        {
            await using var res = new SyncAsyncRes(t, "round " + round);
            await using SyncAsyncRes a = new(t, "a " + round), b = new(t, "b " + round);
            await Leaf.Step(t, "use " + round);
            if (round < 2)
            {
                goto top;
            }
        }

        return "rounds " + round;
    }

    [Coroutine]
    private static async partial Coro<string> GotoThroughNestedFinallyWhileThrowing(List<string> t)
    {
        var attempts = 0;
    retry:
        attempts++;
        try
        {
            try
            {
                await Leaf.Step(t, "attempt " + attempts);
                if (attempts == 1)
                {
                    goto retry;
                }

                throw new InvalidOperationException("attempt " + attempts);
            }
            finally
            {
                await Leaf.Step(t, "cleanup " + attempts);
            }
        }
        catch (InvalidOperationException e) when (attempts < 3)
        {
            t.Add("caught " + e.Message);
            goto retry;
        }
        catch (InvalidOperationException e)
        {
            return "gave up after " + e.Message;
        }
    }

    internal sealed class Point(List<string> t, int x, int y)
    {
        public void Deconstruct(out int px, out int py)
        {
            t.Add($"deconstruct {x},{y}");
            px = x;
            py = y;
        }
    }

    [Coroutine]
    private static async partial Coro<string> ForeachDeconstructionDeconstructOnce(List<string> t)
    {
        var text = "";
        var points = new List<Point> { new(t, 1, 2), new(t, 3, 4), new(t, 5, 6) };
        foreach (var (x, y) in points)
        {
            if (x == 3)
            {
                continue;
            }

            await Leaf.Step(t, "point " + x);
            text += x + y + ";";
        }

        foreach (var (x, y) in new[] { new Point(t, 7, 8) })
        {
            text += await Leaf.Num(t, "array", x) + y;
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> ForeachDeconstructionNestedAndExisting(List<string> t)
    {
        var text = "";
        var nested = new[] { ("a", (1, 2.5)), ("b", (3, 4.5)) };
        foreach (var (name, (count, _)) in nested)
        {
            await Coro.Sleep(0);
            text += name + count + ";";
            if (count > 1)
            {
                break;
            }
        }

        string last = "";
        long sum = 0;
        foreach ((var l, long s) in new List<(string, int)> { ("x", 1), ("y", 2) })
        {
            text += await Leaf.Num(t, l, (int)s);
            last = l;
            sum += s;
        }

        foreach ((string k, var v) in new Dictionary<string, int> { ["k"] = 9 })
        {
            await Coro.Sleep(0);
            text += k + v;
        }

        return text + " last=" + last + " sum=" + sum;
    }

    [Coroutine]
    private static async partial Coro<string> AwaitForeachDeconstruction(List<string> t)
    {
        var text = "";
        await foreach (var (name, n) in Pairs(t, 3))
        {
            await Leaf.Step(t, "got " + name);
            text += name + n;
        }

        await foreach (var (name, _) in Pairs(t, 2))
        {
            text += name;
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> ForeachDeconstructionWithoutAwaitInLoop(List<string> t)
    {
        var text = await Leaf.Num(t, "first", 1) + ";";
        foreach (var (name, n) in new[] { ("a", 1), ("b", 2) })
        {
            text += name + n;
        }

        await Coro.Sleep(0);
        return text;
    }

    [Coroutine]
    private static async partial Coro<string> SwitchPatternVariablesAndGotoCase(List<string> t)
    {
        var text = "";
        foreach (var o in new object[] { "hello", 7, 2L, 'c', 1.5 })
        {
            switch (o)
            {
                case string s when await Leaf.Flag(t, "long string " + s, s.Length > 3):
                    text += "long " + s + ";";
                    goto case 1;
                case int i when i > await Leaf.Num(t, "limit", 5):
                    text += "big " + i + ";";
                    goto default;
                case var v when v is long:
                    await using (new SyncAsyncRes(t, "section"))
                    {
                        await Coro.Sleep(0);
                        text += "long " + v + ";";
                        goto case 1;
                    }

                case 1:
                    text += "one;";
                    break;
                case char c:
                    await Leaf.Step(t, "char " + c);
                    goto default;
                default:
                    text += "default;";
                    break;
            }
        }

        return text;
    }
}
