// Corpus: statements and expressions. Each program logs to its trace; awaits sit in every
// expression position C# allows, next to operands with side effects, so evaluation order shows.
using CoroGen.CompilerServices;
using static CoroGen.Tests.Machine.Fx;

namespace CoroGen.Tests.Machine;

internal static partial class StatementsCorpus
{
    private static int s_counter;

    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(IfElseChain, t => MachineCoro.Create<__IfElseChain_Machine, int>(new(t)));
        yield return Corpus.Of(LocalsShadowing, t => MachineCoro.Create<__LocalsShadowing_Machine, string>(new(t)));
        yield return Corpus.Of(TuplesAndDeconstruction, t => MachineCoro.Create<__TuplesAndDeconstruction_Machine, string>(new(t)));
        yield return Corpus.Of(OutVarAcrossAwait, t => MachineCoro.Create<__OutVarAcrossAwait_Machine, int>(new(t)));
        yield return Corpus.Of(PatternVariables, t => MachineCoro.Create<__PatternVariables_Machine, string>(new(t)));
        yield return Corpus.Of(NameofAndConstants, t => MachineCoro.Create<__NameofAndConstants_Machine, string>(new(t)));
        yield return Corpus.Of(ExpressionBodied, t => MachineCoro.Create<__ExpressionBodied_Machine, int>(new(t)));
        yield return Corpus.Of(AwaitInArguments, t => MachineCoro.Create<__AwaitInArguments_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitInBinaryOperands, t => MachineCoro.Create<__AwaitInBinaryOperands_Machine, int>(new(t)));
        yield return Corpus.Of(ManyAwaitsInOneExpression, t => MachineCoro.Create<__ManyAwaitsInOneExpression_Machine, int>(new(t)));
        yield return Corpus.Of(CompoundAssignments, t => MachineCoro.Create<__CompoundAssignments_Machine, string>(new(t)));
        yield return Corpus.Of(StaticFieldReadBeforeAwait, t => MachineCoro.Create<__StaticFieldReadBeforeAwait_Machine, int>(new(t)));
        yield return Corpus.Of(AwaitInConditions, t => MachineCoro.Create<__AwaitInConditions_Machine, int>(new(t)));
        yield return Corpus.Of(AwaitAsReceiver, t => MachineCoro.Create<__AwaitAsReceiver_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitInInterpolation, t => MachineCoro.Create<__AwaitInInterpolation_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitInObjectCreation, t => MachineCoro.Create<__AwaitInObjectCreation_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitUnaryAndCast, t => MachineCoro.Create<__AwaitUnaryAndCast_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitIntoFieldAndProperty, t => MachineCoro.Create<__AwaitIntoFieldAndProperty_Machine, string>(new(t)));
        yield return Corpus.Of(ThrowWithAwaitOperand, t => MachineCoro.Create<__ThrowWithAwaitOperand_Machine, int>(new(t)));
        yield return Corpus.Of(LambdaNotCapturingHoisted, t => MachineCoro.Create<__LambdaNotCapturingHoisted_Machine, int>(new(t)));
        yield return Corpus.Of(ConstLocalsAndLocalFunction, t => MachineCoro.Create<__ConstLocalsAndLocalFunction_Machine, int>(new(t)));
        yield return Corpus.Of(AwaitBuilderAndSyncCoroutines, t => MachineCoro.Create<__AwaitBuilderAndSyncCoroutines_Machine, int>(new(t)));
        yield return Corpus.Void(VoidCoroutineWithEarlyReturn, t => MachineCoro.CreateVoid<__VoidCoroutineWithEarlyReturn_Machine>(new(t)));
        yield return Corpus.Of(ReassignParameters, t => MachineCoro.Create<__ReassignParameters_Machine, string>(new(t)));
        // Found by this corpus: the query's where clause read the machine (CS1628). Now rejected (CORO0009).
        yield return Corpus.Of(QueryOverHoistedLocals, t => MachineCoro.Create<__QueryOverHoistedLocals_Machine, string>(new(t))).FallsBack();
        yield return Corpus.Of(QueryNotCapturingHoisted, t => MachineCoro.Create<__QueryNotCapturingHoisted_Machine, string>(new(t)));
        yield return Corpus.Of(MultiLineStringLiterals, t => MachineCoro.Create<__MultiLineStringLiterals_Machine, string>(new(t)));
        yield return Corpus.Of(IsTypePatternAcrossAwait, t => MachineCoro.Create<__IsTypePatternAcrossAwait_Machine, string>(new(t)));
    }

    [Coroutine]
    private static async partial Coro<int> IfElseChain(List<string> t)
    {
        var total = 0;
        for (var i = 0; i < 4; i++)
        {
            if (i == 0)
            {
                total += await Leaf.Num(t, "zero", 1);
            }
            else if (await Leaf.Flag(t, "second?" + i, i == 2))
            {
                t.Add("second branch");
                total += 10;
            }
            else if (i == 3)
            {
                await Coro.Sleep(0);
                t.Add("third branch");
                total += 100;
            }
            else
            {
                t.Add("else " + i);
            }
        }

        if (total > 1000)
            return -1;
        else
            return total;
    }

    [Coroutine]
    private static async partial Coro<string> LocalsShadowing(List<string> t)
    {
        var log = new List<string>();
        {
            var x = 1;
            await Coro.Sleep(0);
            log.Add("block1 x=" + x);
        }

        {
            var x = "text";
            await Coro.Sleep(0);
            log.Add("block2 x=" + x);
        }

        for (var i = 0; i < 2; i++)
        {
            var x = i * 10;
            await Coro.Sleep(0);
            log.Add("for x=" + x);
        }

        for (var i = 5; i < 6; i++)
        {
            var x = (double)i / 2;
            await Coro.Sleep(0);
            log.Add("for2 x=" + x);
        }

        if (log.Count > 0)
        {
            var i = "shadow";
            await Coro.Sleep(0);
            log.Add("if i=" + i);
        }

        t.AddRange(log);
        return string.Join(",", log);
    }

    [Coroutine]
    private static async partial Coro<string> TuplesAndDeconstruction(List<string> t)
    {
        var (a, b) = (1, "two");
        await Coro.Sleep(0);
        t.Add($"a={a} b={b}");
        (a, b) = (b.Length, a.ToString());
        var pair = (left: a, right: b);
        await Coro.Sleep(0);
        t.Add($"pair={pair.left},{pair.right}");
        var named = (a, b);
        await Coro.Sleep(0);
        t.Add($"inferred names {named.a} {named.b}");
        var (q, r) = DivRem(await Leaf.Num(t, "dividend", 17), 5);
        await Coro.Sleep(0);
        (var x, _) = (q * 2, "ignored");
        t.Add($"q={q} r={r} x={x}");
        return $"{pair} {named} {q}/{r}";
    }

    private static (int, int) DivRem(int a, int b) => (a / b, a % b);

    [Coroutine]
    private static async partial Coro<int> OutVarAcrossAwait(List<string> t)
    {
        var sum = 0;
        if (int.TryParse("42", out var n))
        {
            await Coro.Sleep(0);
            t.Add("parsed " + n);
            sum += n;
        }

        var map = new Dictionary<string, int> { ["k"] = 7 };
        if (map.TryGetValue("k", out var v) && !map.TryGetValue("missing", out var w))
        {
            await Coro.Sleep(0);
            t.Add($"v={v} w={w}");
            sum += v + w;
        }

        _ = int.TryParse("x", out var failed);
        await Coro.Sleep(0);
        t.Add("failed=" + failed);
        return sum;
    }

    [Coroutine]
    private static async partial Coro<string> PatternVariables(List<string> t)
    {
        object[] values = { "str", 5, 2.5, null! };
        var result = "";
        foreach (var o in values)
        {
            if (o is string s)
            {
                await Coro.Sleep(0);
                result += "s:" + s + ";";
            }
            else if (o is int i && i > 3)
            {
                await Coro.Sleep(0);
                result += "i:" + i + ";";
            }
            else if (o is not null)
            {
                await Coro.Sleep(0);
                result += "other:" + o + ";";
            }
            else
            {
                result += "null;";
            }

            t.Add(result);
        }

        return result;
    }

    [Coroutine]
    private static async partial Coro<string> NameofAndConstants(List<string> t)
    {
        const int Limit = 3;
        var local = Limit * 2;
        await Coro.Sleep(0);
        t.Add(nameof(local) + "=" + local);
        t.Add(nameof(t) + " " + nameof(NameofAndConstants) + " " + nameof(List<string>.Count));
        await Coro.Sleep(0);
        return nameof(Limit) + Limit + nameof(s_counter);
    }

    [Coroutine]
    private static async partial Coro<int> ExpressionBodied(List<string> t) => await Leaf.Num(t, "body", 41) + 1;

    [Coroutine]
    private static async partial Coro<string> AwaitInArguments(List<string> t)
    {
        // C# evaluates arguments left to right: S(a) runs before the await, S(c) after.
        var first = Three(S(t, "a"), await Leaf.Num(t, "b", 2), S(t, "c"));
        t.Add(first);
        var second = Join(V(t, "x", 1), await Leaf.Num(t, "y", 2), V(t, "z", 3), await Leaf.Num(t, "w", 4));
        t.Add(second);
        t.Add("direct " + await Leaf.Num(t, "arg", 5));
        return first + " " + second;
    }

    [Coroutine]
    private static async partial Coro<int> AwaitInBinaryOperands(List<string> t)
    {
        var x = V(t, "left", 1) + await Leaf.Num(t, "mid", 2) * V(t, "right", 3);
        t.Add("x=" + x);
        var y = await Leaf.Num(t, "first", 10) - V(t, "second", 4);
        t.Add("y=" + y);
        var z = V(t, "shift", 1) << await Leaf.Num(t, "by", 3);
        t.Add("z=" + z);
        var cmp = V(t, "lhs", 5) > await Leaf.Num(t, "rhs", 4);
        t.Add("cmp=" + cmp);
        return x + y + z + (cmp ? 1000 : 0);
    }

    [Coroutine]
    private static async partial Coro<int> ManyAwaitsInOneExpression(List<string> t)
    {
        var sum = await Leaf.Num(t, "one", 1) + await Leaf.Num(t, "two", 2) + await Leaf.Num(t, "three", 3);
        t.Add("sum=" + sum);
        var mixed = await Leaf.Num(t, "a", 2) * (await Leaf.Num(t, "b", 3) + V(t, "c", 4)) - await Leaf.Num(t, "d", 5);
        t.Add("mixed=" + mixed);
        return sum * 100 + mixed;
    }

    [Coroutine]
    private static async partial Coro<string> CompoundAssignments(List<string> t)
    {
        var sum = 1;
        sum += await Leaf.Num(t, "add", 5);
        sum *= await Leaf.Num(t, "mul", 3);
        sum -= V(t, "sub", 1) + await Leaf.Num(t, "sub2", 2);
        var text = "s";
        text += await Leaf.Num(t, "cat", 9);
        int? maybe = null;
        maybe ??= 4;
        await Coro.Sleep(0);
        var i = 0;
        i++;
        await Coro.Sleep(0);
        ++i;
        t.Add($"sum={sum} text={text} maybe={maybe} i={i}");
        return $"{sum}{text}{maybe}{i}";
    }

    [Coroutine]
    private static async partial Coro<int> StaticFieldReadBeforeAwait(List<string> t)
    {
        // The field is read before the await, which changes it: C# adds the old value.
        s_counter = 10;
        var x = s_counter + await Bump(t);
        t.Add($"x={x} counter={s_counter}");
        s_counter = 1;
        s_counter = s_counter * 10 + await Bump(t);
        t.Add("counter=" + s_counter);
        return x;
    }

    [Coroutine]
    private static async partial Coro<int> Bump(List<string> t)
    {
        await Coro.Sleep(0);
        s_counter += 100;
        t.Add("bumped to " + s_counter);
        return 1;
    }

    [Coroutine]
    private static async partial Coro<int> AwaitInConditions(List<string> t)
    {
        var n = 0;
        while (await Leaf.Flag(t, "while" + n, n < 2))
        {
            n++;
        }

        do
        {
            n += 10;
        }
        while (await Leaf.Flag(t, "do" + n, n < 30));

        for (var i = 0; await Leaf.Flag(t, "for" + i, i < 2); i++)
        {
            n += 100;
        }

        if (!await Leaf.Flag(t, "not", false))
        {
            n += 1000;
        }

        return n;
    }

    [Coroutine]
    private static async partial Coro<string> AwaitAsReceiver(List<string> t)
    {
        var length = (await Leaf.Num(t, "n", 12345)).ToString().Length;
        var upper = (await Coro.FromResult("abc")).ToUpperInvariant();
        var list = new List<int> { 1, 2, 3 };
        var count = list.Count + await Leaf.Num(t, "extra", 1);
        t.Add($"{length} {upper} {count}");
        return upper + length + count;
    }

    [Coroutine]
    private static async partial Coro<string> AwaitInInterpolation(List<string> t)
    {
        var name = "x";
        var text = $"{name}:{await Leaf.Num(t, "value", 3)}:{await Leaf.Num(t, "second", 4),3}";
        t.Add(text);
        return text;
    }

    internal sealed record Point(int X, int Y);

    [Coroutine]
    private static async partial Coro<string> AwaitInObjectCreation(List<string> t)
    {
        var p = new Point(V(t, "x", 1), await Leaf.Num(t, "y", 2));
        Point q = new(await Leaf.Num(t, "qx", 3), V(t, "qy", 4));
        var list = new List<int>(await Leaf.Num(t, "capacity", 4));
        t.Add($"{p} {q} {list.Capacity}");
        return $"{p}{q}{list.Capacity}";
    }

    [Coroutine]
    private static async partial Coro<string> AwaitUnaryAndCast(List<string> t)
    {
        var negated = -await Leaf.Num(t, "neg", 5);
        var inverted = ~await Leaf.Num(t, "inv", 0);
        var notted = !await Leaf.Flag(t, "not", true);
        var widened = (long)await Leaf.Num(t, "cast", 7) * 3;
        var boxed = (object)await Leaf.Num(t, "box", 1);
        var isInt = await Coro.FromResult<object>("s") is string;
        t.Add($"{negated} {inverted} {notted} {widened} {boxed} {isInt}");
        return $"{negated}{inverted}{notted}{widened}{boxed}{isInt}";
    }

    private static int s_field;

    private static string Property { get; set; } = "";

    [Coroutine]
    private static async partial Coro<string> AwaitIntoFieldAndProperty(List<string> t)
    {
        s_field = await Leaf.Num(t, "field", 4);
        Property = "p" + await Leaf.Num(t, "prop", 5);
        var holder = new List<int>();
        holder.Add(await Leaf.Num(t, "item", 6));
        t.Add($"{s_field} {Property} {holder[0]}");
        return s_field + Property + holder[0];
    }

    [Coroutine]
    private static async partial Coro<int> ThrowWithAwaitOperand(List<string> t)
    {
        await Coro.Sleep(0);
        throw new ArgumentException("code " + await Leaf.Num(t, "code", 7));
    }

    [Coroutine]
    private static async partial Coro<int> LambdaNotCapturingHoisted(List<string> t)
    {
        Func<int, int> twice = x => x * 2;
        var factor = await Leaf.Num(t, "factor", 3);
        var values = new[] { 1, 2, 3 }.Select(v => v + 1).ToList();
        await Coro.Sleep(0);
        t.Add(string.Join(",", values) + " " + twice(factor));
        return values.Sum() + twice(factor);
    }

    [Coroutine]
    private static async partial Coro<int> ConstLocalsAndLocalFunction(List<string> t)
    {
        const int Base = 5;
        static int Square(int x) => x * x;
        var acc = Base;
        for (var i = 0; i < 3; i++)
        {
            acc += Square(await Leaf.Num(t, "sq" + i, i));
        }

        return acc;
    }

    [Coroutine]
    private static async partial Coro<int> AwaitBuilderAndSyncCoroutines(List<string> t)
    {
        var a = await Leaf.BuilderNum(t, 1);
        var b = await Leaf.Sync(t, 2);
        var c = await Coro.FromResult(3);
        var d = await Coro.Spawn(Leaf.Num(t, "spawned", 4));
        return a * 1000 + b * 100 + c * 10 + d;
    }

    [Coroutine]
    private static async partial Coro VoidCoroutineWithEarlyReturn(List<string> t)
    {
        for (var i = 0; ; i++)
        {
            await Leaf.Step(t, "step" + i);
            if (i == 2)
            {
                t.Add("early return");
                return;
            }
        }
    }

    [Coroutine]
    private static async partial Coro<string> ReassignParameters(List<string> t)
    {
        var original = t;
        t = new List<string>();
        t.Add("into the new list");
        await Coro.Sleep(0);
        original.Add("new list has " + t.Count);
        t = original;
        await Coro.Sleep(0);
        t.Add("back");
        return "ok";
    }

    [Coroutine]
    private static async partial Coro<string> IsTypePatternAcrossAwait(List<string> t)
    {
        object value = await Coro.FromResult<object>(new List<int> { 4, 5 });
        if (value is List<int> list)
        {
            await Coro.Sleep(0);
            list.Add(6);
            t.Add("list " + string.Join(",", list));
        }

        var isString = value is string text;
        await Coro.Sleep(0);
        t.Add("is string " + isString);
        return value is IEnumerable<int> e ? "enumerable " + e.Count() : "no";
    }

    [Coroutine]
    private static async partial Coro<string> QueryOverHoistedLocals(List<string> t)
    {
        var threshold = await Leaf.Num(t, "threshold", 2);
        var numbers = new[] { 1, 2, 3, 4 };
        var query = from n in numbers where n > threshold select n * 10;
        await Coro.Sleep(0);
        return string.Join(",", query);
    }

    [Coroutine]
    private static async partial Coro<string> QueryNotCapturingHoisted(List<string> t)
    {
        await Coro.Sleep(0);
        var text = string.Join(",", from n in new[] { 3, 1, 2 } orderby n select n + 1);
        await Coro.Sleep(0);
        return text;
    }

    [Coroutine]
    private static async partial Coro<string> MultiLineStringLiterals(List<string> t)
    {
        await Coro.Sleep(0);
        var verbatim = @"first
  indented two
no indent   
        eight";
        t.Add(verbatim);
        var raw = """
            raw line
              raw indented
            """;
        await Coro.Sleep(0);
        t.Add(raw);
        t.Add(@"in a
    call" + await Leaf.Num(t, "n", 1));
        return (verbatim + raw).Length.ToString();
    }
}
