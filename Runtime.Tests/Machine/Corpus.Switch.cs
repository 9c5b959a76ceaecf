// Corpus: switch statements with awaits in sections and in the governing expression, with
// constant, type, relational, property and list patterns, `when` clauses, multiple labels,
// break/continue/return from sections, and a switch without awaits copied verbatim.
using CoroGen.CompilerServices;

namespace CoroGen.Tests.Machine;

internal static partial class SwitchCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(SwitchConstantCases, t => MachineCoro.Create<__SwitchConstantCases_Machine, string>(new(t)));
        yield return Corpus.Of(SwitchOnAwaitedValue, t => MachineCoro.Create<__SwitchOnAwaitedValue_Machine, string>(new(t)));
        yield return Corpus.Of(SwitchTypeAndRelationalPatterns, t => MachineCoro.Create<__SwitchTypeAndRelationalPatterns_Machine, string>(new(t)));
        yield return Corpus.Of(SwitchWhenClauses, t => MachineCoro.Create<__SwitchWhenClauses_Machine, string>(new(t)));
        yield return Corpus.Of(SwitchOnStringWithDefaultInMiddle, t => MachineCoro.Create<__SwitchOnStringWithDefaultInMiddle_Machine, string>(new(t)));
        // Found by this corpus: the flattened switch read Value once per case. Now rejected (CORO0009).
        yield return Corpus.Of(SwitchPropertyPatternsEvaluateOnce, t => MachineCoro.Create<__SwitchPropertyPatternsEvaluateOnce_Machine, string>(new(t))).FallsBack();
        yield return Corpus.Of(SwitchReturnAndBreakInLoop, t => MachineCoro.Create<__SwitchReturnAndBreakInLoop_Machine, int>(new(t))).CancelAt(8);
        yield return Corpus.Of(VerbatimSwitchWithPatternVariables, t => MachineCoro.Create<__VerbatimSwitchWithPatternVariables_Machine, string>(new(t)));
        yield return Corpus.Of(SwitchListAndEnumPatterns, t => MachineCoro.Create<__SwitchListAndEnumPatterns_Machine, string>(new(t)));
        yield return Corpus.Of(SwitchLocalDeclaredInSectionWithoutAwait, t => MachineCoro.Create<__SwitchLocalDeclaredInSectionWithoutAwait_Machine, string>(new(t)));
        yield return Corpus.Of(SwitchSectionLocalsAcrossAwait, t => MachineCoro.Create<__SwitchSectionLocalsAcrossAwait_Machine, string>(new(t)));
    }

    [Coroutine]
    private static async partial Coro<string> SwitchConstantCases(List<string> t)
    {
        var text = "";
        for (var i = 0; i < 5; i++)
        {
            switch (i)
            {
                case 0:
                    await Coro.Sleep(0);
                    text += "zero;";
                    break;
                case 1:
                case 2:
                    text += "one-or-two " + await Leaf.Num(t, "n" + i, i) + ";";
                    break;
                case 3:
                    text += "three;";
                    break;
                default:
                    await Coro.Sleep(0);
                    text += "default " + i + ";";
                    break;
            }
        }

        t.Add(text);
        return text;
    }

    [Coroutine]
    private static async partial Coro<string> SwitchOnAwaitedValue(List<string> t)
    {
        switch (await Leaf.Num(t, "selector", 2))
        {
            case 1:
                return "one";
            case 2:
                await Coro.Sleep(0);
                t.Add("two");
                break;
        }

        switch (Fx.V(t, "evaluated once", 7))
        {
            case < 5:
                return "small";
            case > 5 and < 10:
                await Coro.Sleep(0);
                return "medium";
            default:
                return "large";
        }
    }

    [Coroutine]
    private static async partial Coro<string> SwitchTypeAndRelationalPatterns(List<string> t)
    {
        object[] values = { 3, -1, "hi", 2.5, new List<int>(), null! };
        var text = "";
        foreach (var value in values)
        {
            switch (value)
            {
                case int and > 0:
                    await Coro.Sleep(0);
                    text += "positive int;";
                    break;
                case int:
                    text += "other int;";
                    break;
                case string { Length: 2 }:
                    await Leaf.Step(t, "string");
                    text += "two-char string;";
                    break;
                case double or float:
                    text += "floating;";
                    break;
                case null:
                    await Coro.Sleep(0);
                    text += "null;";
                    break;
                case not IEnumerable<int>:
                    text += "not enumerable;";
                    break;
                default:
                    text += "default;";
                    break;
            }
        }

        t.Add(text);
        return text;
    }

    [Coroutine]
    private static async partial Coro<string> SwitchWhenClauses(List<string> t)
    {
        var text = "";
        var threshold = 2;
        for (var i = 0; i < 4; i++)
        {
            await Coro.Sleep(0);
            switch (i)
            {
                case var _ when Fx.B(t, "when-a " + i, i < threshold):
                    text += "a" + i;
                    await Coro.Sleep(0);
                    break;
                case 2 when Fx.B(t, "when-b", false):
                    text += "never";
                    break;
                case > 1 when Fx.B(t, "when-c " + i, true):
                    text += "c" + i;
                    break;
            }
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> SwitchOnStringWithDefaultInMiddle(List<string> t)
    {
        var text = "";
        foreach (var word in new[] { "alpha", "beta", "gamma" })
        {
            switch (word)
            {
                case "alpha":
                    text += "A";
                    break;
                default:
                    await Coro.Sleep(0);
                    text += "?";
                    break;
                case "gamma":
                    await Leaf.Step(t, "gamma");
                    text += "G";
                    break;
            }
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> SwitchPropertyPatternsEvaluateOnce(List<string> t)
    {
        // The C# compiler reads each property once per switch (one decision DAG); a lowering
        // must not read it once per case.
        var probe = new Probe(t, 3);
        switch (probe)
        {
            case { Value: 1 }:
                return "one";
            case { Value: 2, Kind: "even" }:
                return "two";
            case { Value: 3, Kind: "odd" }:
                await Coro.Sleep(0);
                return "three";
            default:
                return "other";
        }
    }

    [Coroutine]
    private static async partial Coro<int> SwitchReturnAndBreakInLoop(List<string> t)
    {
        var total = 0;
        while (true)
        {
            var next = await Leaf.Num(t, "next", total + 1);
            switch (next % 4)
            {
                case 0:
                    t.Add("return from switch");
                    return total;
                case 1:
                    total += 2;
                    continue;
                default:
                    total += 1;
                    await Coro.Sleep(0);
                    break;
            }

            t.Add("after switch " + total);
        }
    }

    [Coroutine]
    private static async partial Coro<string> VerbatimSwitchWithPatternVariables(List<string> t)
    {
        await Coro.Sleep(0);
        object o = 42;
        var text = "";
        switch (o)
        {
            case string s:
                text = "string " + s;
                break;
            case int n when n > 40:
                text = "big int " + n;
                break;
        }

        await Coro.Sleep(0);
        t.Add(text);
        return text;
    }

    internal enum Color
    {
        Red,
        Green,
        Blue,
    }

    [Coroutine]
    private static async partial Coro<string> SwitchListAndEnumPatterns(List<string> t)
    {
        var text = "";
        foreach (var color in new[] { Color.Blue, Color.Red, Color.Green })
        {
            switch (color)
            {
                case Color.Red:
                    text += "R";
                    break;
                case Color.Green or Color.Blue:
                    await Coro.Sleep(0);
                    text += color.ToString()[0];
                    break;
            }
        }

        int[][] arrays = { new[] { 1, 2 }, new[] { 7 }, Array.Empty<int>() };
        foreach (var array in arrays)
        {
            switch (array)
            {
                case [1, ..]:
                    await Coro.Sleep(0);
                    text += "[starts with 1]";
                    break;
                case [_]:
                    text += "[single]";
                    break;
                case []:
                    await Coro.Sleep(0);
                    text += "[empty]";
                    break;
            }
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> SwitchLocalDeclaredInSectionWithoutAwait(List<string> t)
    {
        // y is declared in a section without an await, but its scope is the whole switch block,
        // and the other section holds it across an await.
        var text = "";
        for (var i = 0; i < 2; i++)
        {
            switch (i)
            {
                case 0:
                    var y = "declared";
                    text += y + ";";
                    break;
                default:
                    y = "assigned";
                    await Coro.Sleep(0);
                    text += y + ";";
                    break;
            }
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> SwitchSectionLocalsAcrossAwait(List<string> t)
    {
        var text = "";
        for (var i = 0; i < 2; i++)
        {
            switch (i)
            {
                case 0:
                    var x = "zero";
                    await Coro.Sleep(0);
                    text += x;
                    break;
                case 1:
                    x = "one"; // the same variable: a switch block is one scope
                    await Coro.Sleep(0);
                    text += x;
                    break;
            }
        }

        return text;
    }
}
