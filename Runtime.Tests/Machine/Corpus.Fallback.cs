// Corpus: constructs the lowering does not compile yet (docs/diagnostics/CORO0009.md), marked
// FallsBack(): each must get an adapter machine (no step method: the harness checks) that runs
// the builder path and so still behaves exactly like it, through MachineCoro and inlined
// callers. The programs without FallsBack() here fell back when the corpus was written and are
// lowered now (awaits in handlers, await using/foreach, short-circuits, named arguments,
// capturing lambdas, private types); they stay as regression tests.
using CoroGen.CompilerServices;

namespace CoroGen.Tests.Machine;

internal static partial class FallbackCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(AwaitInCatch, t => MachineCoro.Create<__AwaitInCatch_Machine, string>(new(t))).CancelAt(8);
        yield return Corpus.Of(AwaitInFinally, t => MachineCoro.Create<__AwaitInFinally_Machine, string>(new(t))).CancelAt(8);
        yield return Corpus.Of(GotoWithAwait, t => MachineCoro.Create<__GotoWithAwait_Machine, int>(new(t)));
        yield return Corpus.Of(AwaitUnderLogicalAnd, t => MachineCoro.Create<__AwaitUnderLogicalAnd_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitInConditionalBranch, t => MachineCoro.Create<__AwaitInConditionalBranch_Machine, int>(new(t)));
        yield return Corpus.Of(AwaitUnderCoalesce, t => MachineCoro.Create<__AwaitUnderCoalesce_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitWithNamedArguments, t => MachineCoro.Create<__AwaitWithNamedArguments_Machine, string>(new(t)));
        yield return Corpus.Of(CapturingLambda, t => MachineCoro.Create<__CapturingLambda_Machine, int>(new(t)));
        yield return Corpus.Of(SwitchPatternVariableWithAwait, t => MachineCoro.Create<__SwitchPatternVariableWithAwait_Machine, string>(new(t)));
        yield return Corpus.Of(ElementAssignmentWithAwait, t => MachineCoro.Create<__ElementAssignmentWithAwait_Machine, string>(new(t)));
        yield return Corpus.Of(ArrayInitializerWithAwait, t => MachineCoro.Create<__ArrayInitializerWithAwait_Machine, string>(new(t)));
        yield return Corpus.Of(CheckedBlockWithAwait, t => MachineCoro.Create<__CheckedBlockWithAwait_Machine, string>(new(t))).FallsBack();
        yield return Corpus.Of(AwaitUsingAsyncDisposable, t => MachineCoro.Create<__AwaitUsingAsyncDisposable_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitForeachAsyncEnumerable, t => MachineCoro.Create<__AwaitForeachAsyncEnumerable_Machine, int>(new(t)));
        yield return Corpus.Of(ForeachDeconstructionWithAwait, t => MachineCoro.Create<__ForeachDeconstructionWithAwait_Machine, string>(new(t)));
        yield return Corpus.Of(InterpolationSideEffectBeforeAwait, t => MachineCoro.Create<__InterpolationSideEffectBeforeAwait_Machine, string>(new(t)));
        yield return Corpus.Of(GotoCaseInSwitchWithAwait, t => MachineCoro.Create<__GotoCaseInSwitchWithAwait_Machine, string>(new(t)));
        yield return Corpus.Of(CompoundAssignmentToFieldWithAwait, t => MachineCoro.Create<__CompoundAssignmentToFieldWithAwait_Machine, int>(new(t)));
        yield return Corpus.Of(MultiLineInterpolatedString, t => MachineCoro.Create<__MultiLineInterpolatedString_Machine, string>(new(t)));
        yield return Corpus.Of(PrivateTypeAcrossAwait, t => MachineCoro.Create<__PrivateTypeAcrossAwait_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitPrivateNestedCoroutine, t => MachineCoro.Create<__AwaitPrivateNestedCoroutine_Machine, string>(new(t)));
        yield return Corpus.Of(CallerOfFallbackInlinesAdapter, t => MachineCoro.Create<__CallerOfFallbackInlinesAdapter_Machine, string>(new(t)));
    }

    [Coroutine]
    private static async partial Coro<string> AwaitInCatch(List<string> t)
    {
        try
        {
            await Leaf.Fail(t, "to catch");
            return "no";
        }
        catch (InvalidOperationException e)
        {
            await Leaf.Step(t, "in catch");
            return "caught " + e.Message;
        }
    }

    [Coroutine]
    private static async partial Coro<string> AwaitInFinally(List<string> t)
    {
        try
        {
            await Coro.Sleep(0);
            return "body";
        }
        finally
        {
            await Leaf.Step(t, "in finally");
        }
    }

    [Coroutine]
    private static async partial Coro<int> GotoWithAwait(List<string> t)
    {
        var n = 0;
    again:
        n += await Leaf.Num(t, "n", 1);
        if (n < 3)
        {
            goto again;
        }

        return n;
    }

    [Coroutine]
    private static async partial Coro<string> AwaitUnderLogicalAnd(List<string> t)
    {
        var a = Fx.B(t, "left", false) && await Leaf.Flag(t, "skipped", true);
        var b = Fx.B(t, "left2", false) || await Leaf.Flag(t, "evaluated", true);
        return $"{a} {b}";
    }

    [Coroutine]
    private static async partial Coro<int> AwaitInConditionalBranch(List<string> t)
    {
        var x = t.Count == 0 ? await Leaf.Num(t, "then", 1) : await Leaf.Num(t, "else", 2);
        return x;
    }

    [Coroutine]
    private static async partial Coro<string> AwaitUnderCoalesce(List<string> t)
    {
        string? missing = null;
        return missing ?? await Coro.FromResult("fallback") + await Leaf.Num(t, "n", 1);
    }

    [Coroutine]
    private static async partial Coro<string> AwaitWithNamedArguments(List<string> t) =>
        Fx.Three(c: Fx.S(t, "c first"), b: await Leaf.Num(t, "b", 2), a: Fx.S(t, "a last"));

    [Coroutine]
    private static async partial Coro<int> CapturingLambda(List<string> t)
    {
        var x = await Leaf.Num(t, "x", 20);
        Func<int> f = () => x + 1;
        await Coro.Sleep(0);
        return f();
    }

    [Coroutine]
    private static async partial Coro<string> SwitchPatternVariableWithAwait(List<string> t)
    {
        object o = "text";
        switch (o)
        {
            case string s when s.Length > 2:
                await Coro.Sleep(0);
                return "string " + s;
            default:
                return "other";
        }
    }

    [Coroutine]
    private static async partial Coro<string> ElementAssignmentWithAwait(List<string> t)
    {
        var array = new int[3];
        array[Fx.V(t, "index", 1)] = await Leaf.Num(t, "value", 7);
        return string.Join(",", array);
    }

    [Coroutine]
    private static async partial Coro<string> ArrayInitializerWithAwait(List<string> t)
    {
        var array = new[] { Fx.V(t, "e0", 0), await Leaf.Num(t, "e1", 1) };
        return string.Join(",", array);
    }

    [Coroutine]
    private static async partial Coro<string> CheckedBlockWithAwait(List<string> t)
    {
        var big = int.MaxValue;
        try
        {
            checked
            {
                await Coro.Sleep(0);
                big += await Leaf.Num(t, "one", 1);
            }
        }
        catch (OverflowException e)
        {
            return "overflow: " + e.GetType().Name;
        }

        return "no overflow " + big;
    }

    private sealed class AsyncRes(List<string> t) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            t.Add("disposed async");
            return ValueTask.CompletedTask;
        }
    }

    [Coroutine]
    private static async partial Coro<string> AwaitUsingAsyncDisposable(List<string> t)
    {
        await using (new AsyncRes(t))
        {
            await Coro.Sleep(0);
            t.Add("inside await using");
        }

        return "ok";
    }

    private static async IAsyncEnumerable<int> Numbers(List<string> t)
    {
        for (var i = 0; i < 3; i++)
        {
            await Task.CompletedTask;
            t.Add("produce " + i);
            yield return i;
        }
    }

    [Coroutine]
    private static async partial Coro<int> AwaitForeachAsyncEnumerable(List<string> t)
    {
        var sum = 0;
        await foreach (var i in Numbers(t))
        {
            sum += i;
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<string> ForeachDeconstructionWithAwait(List<string> t)
    {
        var text = "";
        foreach (var (name, value) in new[] { ("a", 1), ("b", 2) })
        {
            await Coro.Sleep(0);
            text += name + value;
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> InterpolationSideEffectBeforeAwait(List<string> t) =>
        $"{Fx.S(t, "first")}:{await Leaf.Num(t, "second", 2)}";

    /// <summary>Lowered itself; awaits adapters of fallback coroutines inline.</summary>
    [Coroutine]
    private static async partial Coro<string> CallerOfFallbackInlinesAdapter(List<string> t)
    {
        var a = await AwaitInCatch(t);
        var b = await GotoWithAwait(t);
        await Coro.Sleep(0);
        return a + " " + b;
    }

    [Coroutine]
    private static async partial Coro<string> GotoCaseInSwitchWithAwait(List<string> t)
    {
        var text = "";
        switch (await Leaf.Num(t, "selector", 3))
        {
            case 3:
                text += "three;";
                goto case 4;
            case 4:
                text += "four;";
                goto default;
            default:
                await Coro.Sleep(0);
                text += "default";
                break;
        }

        return text;
    }

    private static int s_total;

    /// <summary>C# reads the field before the await, which changes it.</summary>
    [Coroutine]
    private static async partial Coro<int> CompoundAssignmentToFieldWithAwait(List<string> t)
    {
        s_total = 1;
        s_total += await SetTotal(t);
        return s_total;
    }

    [Coroutine]
    private static async partial Coro<int> SetTotal(List<string> t)
    {
        await Coro.Sleep(0);
        s_total = 1000;
        return 5;
    }

    [Coroutine]
    private static async partial Coro<string> MultiLineInterpolatedString(List<string> t)
    {
        var n = await Leaf.Num(t, "n", 3);
        return $@"n is {n}
    and more";
    }

    private readonly record struct Secret(string Value);

    [Coroutine]
    private static async partial Coro<string> PrivateTypeAcrossAwait(List<string> t)
    {
        var secret = new Secret("hidden");
        await Coro.Sleep(0);
        t.Add("still " + secret.Value);
        return secret.Value;
    }

    private sealed partial class Hidden
    {
        [Coroutine]
        internal static async partial Coro<string> Get(List<string> t)
        {
            await Coro.Sleep(0);
            t.Add("hidden coroutine ran");
            return "from a private class";
        }
    }

    /// <summary>Lowered; the callee's machine lives in a private class, so it is awaited boxed instead of inlined.</summary>
    [Coroutine]
    private static async partial Coro<string> AwaitPrivateNestedCoroutine(List<string> t)
    {
        var a = await Hidden.Get(t);
        await Coro.Sleep(0);
        return a + "!";
    }
}
