// Corpus: edge cases of binding and of runtime combinators: a local named like its type (the
// Color Color rule), readonly struct coroutines, nested deconstruction designations,
// expression-bodied Coro methods, stored Coro values, WaitFor/Timeout and Shield in virtual time.
using CoroGen.CompilerServices;

namespace CoroGen.Tests.Machine;

internal enum Shade
{
    Light,
    Dark,
}

internal static partial class EdgeCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(LocalNamedLikeItsType, t => MachineCoro.Create<__LocalNamedLikeItsType_Machine, string>(new(t)));
        yield return Corpus.Of("ReadonlyStructCoroutine", typeof(Frozen), nameof(Frozen.Read),
            t => Corpus.ViaDelegate(new Frozen(t, 3).Read),
            t => MachineCoro.Create<Frozen.__Read_Machine, int>(new(new Frozen(t, 3))));
        yield return Corpus.Of(NestedDeconstructionDesignation, t => MachineCoro.Create<__NestedDeconstructionDesignation_Machine, string>(new(t)));
        yield return Corpus.Void(ExpressionBodiedVoid, t => MachineCoro.CreateVoid<__ExpressionBodiedVoid_Machine>(new(t)));
        yield return Corpus.Of(StoredVoidCoroAndTask, t => MachineCoro.Create<__StoredVoidCoroAndTask_Machine, string>(new(t)));
        yield return Corpus.Of(WaitForAndTimeout, t => MachineCoro.Create<__WaitForAndTimeout_Machine, string>(new(t))).CancelAt(3);
        yield return Corpus.Of(ShieldedChild, t => MachineCoro.Create<__ShieldedChild_Machine, string>(new(t))).CancelAt(3);
        yield return Corpus.Of(FileLocalTypeAcrossAwait, t => MachineCoro.Create<__FileLocalTypeAcrossAwait_Machine, string>(new(t))).FallsBack();
        yield return Corpus.Of(FileLocalTypeNotHeld, t => MachineCoro.Create<__FileLocalTypeNotHeld_Machine, string>(new(t))).FallsBack();
        yield return Corpus.Of(CallerInfoArguments, t => MachineCoro.Create<__CallerInfoArguments_Machine, string>(new(t)));
        yield return Corpus.Of(VarPatternAcrossAwait, t => MachineCoro.Create<__VarPatternAcrossAwait_Machine, string>(new(t)));
        yield return Corpus.Of(PropertyPatternDesignationAcrossAwait, t => MachineCoro.Create<__PropertyPatternDesignationAcrossAwait_Machine, string>(new(t)));
    }

    [Coroutine]
    private static async partial Coro<string> LocalNamedLikeItsType(List<string> t)
    {
        Shade Shade = Shade.Dark;
        await Coro.Sleep(0);
        var text = Shade.ToString() + " " + Shade.Light + " " + (Shade == Shade.Dark);
        Shade = Shade.Light;
        await Coro.Sleep(0);
        return text + " " + Shade;
    }

    [Coroutine]
    private static async partial Coro<string> NestedDeconstructionDesignation(List<string> t)
    {
        var (a, (b, _), c) = (1, ("two", 2.5), 'c');
        await Coro.Sleep(0);
        (a, (b, _), c) = (a + 1, (b + "!", 0.0), 'd');
        await Coro.Sleep(0);
        return $"{a} {b} {c}";
    }

    [Coroutine]
    private static async partial Coro ExpressionBodiedVoid(List<string> t) => await Leaf.Step(t, "expression body");

    [Coroutine]
    private static async partial Coro<string> StoredVoidCoroAndTask(List<string> t)
    {
        Coro step = Leaf.Step(t, "stored");
        t.Add("not started yet");
        await step;
        CoroTask task = Coro.Spawn(Leaf.Step(t, "spawned void"));
        t.Add("spawned");
        await task;
        return "done " + task.Done;
    }

    [Coroutine]
    private static async partial Coro<int> Slow(List<string> t, double seconds)
    {
        try
        {
            await Coro.Sleep(seconds);
            t.Add("slow finished after " + seconds);
            return (int)seconds;
        }
        finally
        {
            t.Add("slow finally " + seconds);
        }
    }

    [Coroutine]
    private static async partial Coro<string> WaitForAndTimeout(List<string> t)
    {
        var fast = await Coro.WaitFor(Slow(t, 1), TimeSpan.FromSeconds(5));
        try
        {
            await Coro.WaitFor(Slow(t, 10), TimeSpan.FromSeconds(2));
            return "no timeout";
        }
        catch (TimeoutException)
        {
            t.Add("timed out at " + EventLoop.GetRunningLoop().Time);
        }

        var inTime = await Coro.Timeout(TimeSpan.FromSeconds(3), Slow(t, 2));
        return "fast " + fast + " in time " + inTime;
    }

    [Coroutine]
    private static async partial Coro<string> ShieldedChild(List<string> t)
    {
        var task = Coro.Spawn(Slow(t, 0));
        try
        {
            return "shielded " + await Coro.Shield(task);
        }
        finally
        {
            t.Add("parent finally, child done " + task.Done);
        }
    }

    private static string Where(
        string label,
        [System.Runtime.CompilerServices.CallerMemberName] string member = "",
        [System.Runtime.CompilerServices.CallerLineNumber] int line = 0,
        [System.Runtime.CompilerServices.CallerFilePath] string path = "",
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(label))] string expression = "") =>
        $"{label} in {member} at line {line} of {Path.GetFileName(path)}: {expression}";

    private sealed class Located
    {
        public Located(int x, [System.Runtime.CompilerServices.CallerMemberName] string member = "") => Text = x + " created in " + member;

        public string Text { get; }
    }

    /// <summary>Caller information is the user's method, line, file and argument text, not the step method's.</summary>
    [Coroutine]
    private static async partial Coro<string> CallerInfoArguments(List<string> t)
    {
        var label = "first";
        t.Add(Where(label));
        await Coro.Sleep(0);
        t.Add(Where(label + "!"));
        t.Add(Where(
            "multi-line " + await Leaf.Num(t, "n", 1),
            line: 7));
        t.Add(new Located(await Leaf.Num(t, "x", 2)).Text);
        Func<string> lambda = () => Where("in a lambda");
        t.Add(lambda());
        string? missing = null;
        try
        {
            ArgumentNullException.ThrowIfNull(missing);
        }
        catch (ArgumentNullException e)
        {
            t.Add("param " + e.ParamName);
        }

        return "ok";
    }

    /// <summary>Found by this corpus: a file-local type cannot be named in the generated file. Now rejected (CORO0009).</summary>
    [Coroutine]
    private static async partial Coro<string> FileLocalTypeAcrossAwait(List<string> t)
    {
        var local = new FileOnly("kept");
        await Coro.Sleep(0);
        return local.Name;
    }

    [Coroutine]
    private static async partial Coro<string> FileLocalTypeNotHeld(List<string> t)
    {
        await Coro.Sleep(0);
        t.Add(new FileOnly("used between awaits").Name);
        await Coro.Sleep(0);
        return "ok";
    }

    [Coroutine]
    private static async partial Coro<string> VarPatternAcrossAwait(List<string> t)
    {
        if (Fx.V(t, "value", 4) is var x && x > 3)
        {
            await Coro.Sleep(0);
            return "var pattern " + x;
        }

        return "no";
    }

    [Coroutine]
    private static async partial Coro<string> PropertyPatternDesignationAcrossAwait(List<string> t)
    {
        object o = "text";
        if (o is string { Length: > 2 } s)
        {
            await Coro.Sleep(0);
            return "property pattern " + s;
        }

        return "no";
    }
}

internal readonly partial struct Frozen(List<string> t, int value)
{
    private readonly int _value = value;

    [Coroutine]
    public async partial Coro<int> Read()
    {
        await Coro.Sleep(0);
        t.Add("frozen value " + _value);
        return _value * 2;
    }
}

file sealed record FileOnly(string Name);
