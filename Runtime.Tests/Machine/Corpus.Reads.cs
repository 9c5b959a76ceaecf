// Corpus: what C# reads before an await that the await itself may change: locals captured by
// a lambda the awaited call runs, `??=` targets (read once, the right side and its awaits run
// only when null), interpolation holes, and expression statements whose value is dropped.
using CoroGen.CompilerServices;
using static CoroGen.Tests.Machine.Fx;

namespace CoroGen.Tests.Machine;

internal static partial class ReadsCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(CapturedLocalReadBeforeAwait, t => MachineCoro.Create<__CapturedLocalReadBeforeAwait_Machine, string>(new(t)));
        yield return Corpus.Of(CoalesceAssignmentTargets, t => MachineCoro.Create<__CoalesceAssignmentTargets_Machine, string>(new(t)));
        yield return Corpus.Of(CoalesceAssignmentAwaitThrows, t => MachineCoro.Create<__CoalesceAssignmentAwaitThrows_Machine, string>(new(t)));
        yield return Corpus.Of(InterpolationHolesBeforeAwait, t => MachineCoro.Create<__InterpolationHolesBeforeAwait_Machine, string>(new(t)));
        yield return Corpus.Of(PatternDesignationsHeldAcrossAwait, t => MachineCoro.Create<__PatternDesignationsHeldAcrossAwait_Machine, string>(new(t)));
        yield return Corpus.Of(VerbatimInterpolatedStringsSpanningLines, t => MachineCoro.Create<__VerbatimInterpolatedStringsSpanningLines_Machine, string>(new(t)));
        yield return Corpus.Of(RawInterpolatedStringSpanningLines, t => MachineCoro.Create<__RawInterpolatedStringSpanningLines_Machine, string>(new(t))).FallsBack();
        yield return Corpus.Of(SpilledExpressionStatements, t => MachineCoro.Create<__SpilledExpressionStatements_Machine, string>(new(t)));
    }

    [Coroutine]
    private static async partial Coro<int> While(List<string> t, Action during, int value)
    {
        t.Add("while start");
        await Coro.Sleep(0);
        during();
        t.Add("while end");
        return value;
    }

    [Coroutine]
    private static async partial Coro<string> CapturedLocalReadBeforeAwait(List<string> t)
    {
        var x = 1;
        Action set = () => x = 50;
        var a = Join(x, await While(t, set, 2));
        x = 1;
        var b = x + await While(t, set, 3);
        x = 1;
        var c = Join(x > 0 ? "positive" : "not", await While(t, () => x = -1, 4));
        return Join(a, b, c, x);
    }

    internal sealed class Holder(List<string> t)
    {
        private string? _name;

        public string? Name
        {
            get
            {
                t.Add("get Name=" + (_name ?? "null"));
                return _name;
            }

            set
            {
                t.Add("set Name=" + (value ?? "null"));
                _name = value;
            }
        }

        public int? Size { get; set; }

        public string?[] Slots { get; } = new string?[2];
    }

    private static T Get<T>(List<string> t, string label, T value)
    {
        t.Add("eval " + label);
        return value;
    }

    [Coroutine]
    private static async partial Coro<string> CoalesceAssignmentTargets(List<string> t)
    {
        var holder = new Holder(t);
        Get(t, "holder", holder).Name ??= "n" + await Leaf.Num(t, "first", 1);
        Get(t, "holder again", holder).Name ??= "n" + await Leaf.Num(t, "skipped", 2);
        var size = holder.Size ??= await Leaf.Num(t, "size", 3);
        var again = holder.Size ??= await Leaf.Num(t, "size skipped", 4);
        holder.Slots[V(t, "slot", 1)] ??= S(t, "value") + await Leaf.Num(t, "slot value", 5);
        string? local = null;
        var result = local ??= await Leaf.Num(t, "local", 6) + "";
        object? boxed = null;
        boxed ??= await Leaf.Num(t, "boxed", 7);
        return Join(holder.Name, size, again, holder.Slots, result, local, boxed);
    }

    [Coroutine]
    private static async partial Coro<string> CoalesceAssignmentAwaitThrows(List<string> t)
    {
        var holder = new Holder(t);
        try
        {
            holder.Name ??= "x" + await Leaf.Fail(t, "no name");
        }
        catch (InvalidOperationException e)
        {
            t.Add("caught " + e.Message);
        }

        return Join(holder.Name);
    }

    internal sealed class Loud(List<string> t, string name)
    {
        public override string ToString()
        {
            t.Add("format " + name);
            return name;
        }
    }

    [Coroutine]
    private static async partial Coro<string> InterpolationHolesBeforeAwait(List<string> t)
    {
        var a = $"{S(t, "first")}:{await Leaf.Num(t, "second", 2)}";
        var loud = new Loud(t, "loud");
        var b = $"[{loud}|{V(t, "n", 5),4}|{await Leaf.Num(t, "x", 3):D3}]";
        var counter = 0;
        var c = $"{counter++}{counter}{await While(t, () => counter = 100, 7)}{counter}";
        return Join(a, b, c);
    }

    internal sealed class Made
    {
        public int P { get; set; }
    }

    [Coroutine]
    private static async partial Coro<string> SpilledExpressionStatements(List<string> t)
    {
        new Made { P = await Leaf.Num(t, "made", 1) };
        _ = B(t, "left", true) && await Leaf.Flag(t, "right", true);
        string? none = null;
        _ = none ?? await Leaf.Num(t, "fallback", 2) + "";
        return "ok";
    }

    internal sealed class Counted(List<string> t, int count)
    {
        public int Count
        {
            get
            {
                t.Add("get Count");
                return count;
            }
        }
    }

    [Coroutine]
    private static async partial Coro<string> PatternDesignationsHeldAcrossAwait(List<string> t)
    {
        var text = "";
        if (Get(t, "value", 3) is var v && v > 2)
        {
            await Coro.Sleep(0);
            text += "var " + v + ";";
        }

        object o = new Counted(t, 5);
        if (Get(t, "object", o) is Counted { Count: > 2 and < 10 } counted)
        {
            await Leaf.Step(t, "counted");
            text += "counted " + counted.Count + ";";
        }

        if (o is Counted { Count: > 100 } never)
        {
            await Coro.Sleep(0);
            text += "never " + never.Count;
        }

        int? maybe = 4;
        if (Get(t, "maybe", maybe) is { } present)
        {
            await Coro.Sleep(0);
            text += "present " + present + ";";
        }

        string? none = null;
        if (none is { Length: >= 0 } empty)
        {
            await Coro.Sleep(0);
            text += "not reached " + empty;
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> VerbatimInterpolatedStringsSpanningLines(List<string> t)
    {
        var n = await Leaf.Num(t, "n", 3);
        var a = $@"first ""quoted"" {{braces}} C:\path\{n,4:D2}
  second {S(t, "hole")} tab	end
";
        var b = @$"{await Leaf.Num(t, "inline", 5)}
{n}";
        return a + "|" + b;
    }

    /// <summary>Raw interpolated strings spanning lines are not re-escaped yet: kept on CORO0009.</summary>
    [Coroutine]
    private static async partial Coro<string> RawInterpolatedStringSpanningLines(List<string> t)
    {
        var n = await Leaf.Num(t, "n", 4);
        return $"""
            raw {n}
              "indented"
            """;
    }
}
