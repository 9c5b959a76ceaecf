// Corpus: combinations aimed at the spiller and the rewriter: variables written and read in
// the same expression as an await, conditional assignment, deconstruction of awaited tuples,
// awaits in loop headers, escaped identifiers, anonymous objects, receivers with side effects,
// callees with params/optional/named parameters, generic structs.
using System.Text;
using CoroGen.CompilerServices;
using static CoroGen.Tests.Machine.Fx;

namespace CoroGen.Tests.Machine;

internal static partial class TrickyCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(ReadBeforeIncrementInArguments, t => MachineCoro.Create<__ReadBeforeIncrementInArguments_Machine, string>(new(t)));
        yield return Corpus.Of(ReadBeforeAssignmentWithAwait, t => MachineCoro.Create<__ReadBeforeAssignmentWithAwait_Machine, string>(new(t)));
        // Found by this corpus: both awaited unconditionally / read the target late. Now rejected (CORO0009).
        yield return Corpus.Of(CoalesceAssignmentWithAwait, t => MachineCoro.Create<__CoalesceAssignmentWithAwait_Machine, string>(new(t)));
        yield return Corpus.Of(CompoundAssignmentTargetWrittenOnTheRight, t => MachineCoro.Create<__CompoundAssignmentTargetWrittenOnTheRight_Machine, int>(new(t)));
        yield return Corpus.Of(DeconstructAwaitedTuples, t => MachineCoro.Create<__DeconstructAwaitedTuples_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitInLoopHeaders, t => MachineCoro.Create<__AwaitInLoopHeaders_Machine, int>(new(t)));
        yield return Corpus.Of(EscapedIdentifiers, t => MachineCoro.Create<__EscapedIdentifiers_Machine, string>(new(t)));
        yield return Corpus.Of(AnonymousObjectFromHoistedLocals, t => MachineCoro.Create<__AnonymousObjectFromHoistedLocals_Machine, string>(new(t)));
        yield return Corpus.Of(ReceiversWithSideEffects, t => MachineCoro.Create<__ReceiversWithSideEffects_Machine, string>(new(t)));
        yield return Corpus.Of(CalleesWithParamsOptionalAndNamed, t => MachineCoro.Create<__CalleesWithParamsOptionalAndNamed_Machine, string>(new(t)));
        yield return Corpus.Of(OutVarInWhileCondition, t => MachineCoro.Create<__OutVarInWhileCondition_Machine, string>(new(t)));
        yield return Corpus.Of(DiscardAssignmentOfAwait, t => MachineCoro.Create<__DiscardAssignmentOfAwait_Machine, int>(new(t)));
        yield return Corpus.Of(ReturnAwaitInsideUsingInsideForeach, t => MachineCoro.Create<__ReturnAwaitInsideUsingInsideForeach_Machine, int>(new(t))).CancelAt(8);
        yield return Corpus.Of(AwaitInConditionOfTernaryAndPattern, t => MachineCoro.Create<__AwaitInConditionOfTernaryAndPattern_Machine, string>(new(t)));
        yield return Corpus.Of("GenericStructInstance", typeof(Cell<>), "Swap",
            t => Corpus.ViaDelegate(new Cell<string>(t, "old").Swap),
            t => MachineCoro.Create<Cell<string>.__Swap_Machine, string>(new(new Cell<string>(t, "old"))));
        yield return Corpus.Of(NewConstraintGeneric, t => MachineCoro.Create<__NewConstraintGeneric_Machine, int>(new(t)));
        yield return Corpus.Of(StructLocalReadBeforeMutatingCall, t => MachineCoro.Create<__StructLocalReadBeforeMutatingCall_Machine, string>(new(t)));
        yield return Corpus.Of(DelegateFieldReadBeforeAwait, t => MachineCoro.Create<__DelegateFieldReadBeforeAwait_Machine, string>(new(t)));
        yield return Corpus.Of(CommentsAndDirectivesInBody, t => MachineCoro.Create<__CommentsAndDirectivesInBody_Machine, string>(new(t)));
        yield return Corpus.Of(TargetTypedInitializersOfHoistedLocals, t => MachineCoro.Create<__TargetTypedInitializersOfHoistedLocals_Machine, string>(new(t)));
        yield return Corpus.Of(ReceiverReassignedOnTheRight, t => MachineCoro.Create<__ReceiverReassignedOnTheRight_Machine, string>(new(t)));
        yield return Corpus.Of(AssignMemberOfHoistedReceiver, t => MachineCoro.Create<__AssignMemberOfHoistedReceiver_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitAwaitAndDiscards, t => MachineCoro.Create<__AwaitAwaitAndDiscards_Machine, int>(new(t)));
        yield return Corpus.Of(StructLocalMutatedAcrossAwait, t => MachineCoro.Create<__StructLocalMutatedAcrossAwait_Machine, string>(new(t)));
    }

    [Coroutine]
    private static async partial Coro<string> ReadBeforeIncrementInArguments(List<string> t)
    {
        // C# reads i (1), then i++ (1, i becomes 2), then awaits: "1|1|0".
        var i = 1;
        var s = Join(i, i++, await Leaf.Num(t, "x", 0));
        var j = 10;
        var u = j + Join(j++, await Leaf.Num(t, "y", 0));
        return s + " " + u + " " + i + " " + j;
    }

    [Coroutine]
    private static async partial Coro<string> ReadBeforeAssignmentWithAwait(List<string> t)
    {
        var i = 1;
        var s = Join(i, i = await Leaf.Num(t, "a", 5), await Leaf.Num(t, "b", 6), i);
        return s;
    }

    [Coroutine]
    private static async partial Coro<string> CoalesceAssignmentWithAwait(List<string> t)
    {
        // The await runs only when the variable is null.
        string? set = "already";
        set ??= "n" + await Leaf.Num(t, "not awaited", 1);
        string? unset = null;
        unset ??= "n" + await Leaf.Num(t, "awaited", 2);
        return set + " " + unset;
    }

    [Coroutine]
    private static async partial Coro<int> CompoundAssignmentTargetWrittenOnTheRight(List<string> t)
    {
        // C# reads sum (1) first: 1 + (100 + 5) = 106.
        var sum = 1;
        sum += (sum = 100) + await Leaf.Num(t, "five", 5);
        return sum;
    }

    [Coroutine]
    private static async partial Coro<(int, string)> PairOf(List<string> t, int n)
    {
        await Coro.Sleep(0);
        t.Add("pair " + n);
        return (n, "s" + n);
    }

    [Coroutine]
    private static async partial Coro<string> DeconstructAwaitedTuples(List<string> t)
    {
        var (a, b) = await PairOf(t, 1);
        await Coro.Sleep(0);
        (a, b) = await PairOf(t, a + 1);
        int c;
        string d;
        (c, d) = await PairOf(t, 7);
        await Coro.Sleep(0);
        var whole = await PairOf(t, 9);
        return $"{a}{b}{c}{d}{whole.Item1}{whole.Item2}";
    }

    [Coroutine]
    private static async partial Coro<int> AwaitInLoopHeaders(List<string> t)
    {
        var sum = 0;
        for (var i = await Leaf.Num(t, "init", 2); i < 5; i++)
        {
            sum += i;
        }

        foreach (var x in await Coro.FromResult(new[] { 10, 20 }))
        {
            await Coro.Sleep(0);
            sum += x;
        }

        foreach (var x in new List<int>(await Leaf.Num(t, "capacity", 100)))
        {
            sum += x;
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<string> EscapedIdentifiers(List<string> t)
    {
        var @event = 1;
        var @class = "c";
        await Coro.Sleep(0);
        var tuple = (@event, @class);
        await Coro.Sleep(0);
        return tuple.@event + tuple.@class + nameof(@event);
    }

    [Coroutine]
    private static async partial Coro<string> AnonymousObjectFromHoistedLocals(List<string> t)
    {
        var count = await Leaf.Num(t, "count", 3);
        var name = "n";
        await Coro.Sleep(0);
        // ToString() is string? here: the CS8603 this gives (an error under TreatWarningsAsErrors
        // unless suppressed) made the lowerer see "a body with compile errors" and fall back.
#pragma warning disable CS8603
        var text = new { count, name, Twice = count * 2 }.ToString();
        return text;
#pragma warning restore CS8603
    }

    private static StringBuilder Builder(List<string> t, StringBuilder sb)
    {
        t.Add("receiver evaluated");
        return sb;
    }

    private static int[] Array(List<string> t, int[] array)
    {
        t.Add("array evaluated");
        return array;
    }

    [Coroutine]
    private static async partial Coro<string> ReceiversWithSideEffects(List<string> t)
    {
        var sb = new StringBuilder();
        Builder(t, sb).Append(await Leaf.Num(t, "appended", 1)).Append(V(t, "then", 2));
        var numbers = new[] { 5, 6, 7 };
        var sum = Array(t, numbers)[V(t, "index", 1)] + await Leaf.Num(t, "plus", 10);
        var length = sb.ToString().Length + await Leaf.Num(t, "len", 0);
        return sb + " " + sum + " " + length;
    }

    [Coroutine]
    private static async partial Coro<string> WithParams(List<string> t, params int[] values)
    {
        await Coro.Sleep(0);
        return "params " + string.Join(",", values);
    }

    [Coroutine]
    private static async partial Coro<string> WithOptional(List<string> t, int a, string b)
    {
        await Coro.Sleep(0);
        return $"optional {a} {b}";
    }

    [Coroutine]
    private static async partial Coro<string> CalleesWithParamsOptionalAndNamed(List<string> t)
    {
        var a = await WithParams(t, 1, 2, 3);
        var b = await WithParams(t);
        var c = await WithOptional(t, 1, "positional");
        var d = await WithOptional(t, b: "named", a: V(t, "a", 2));
        return $"{a}; {b}; {c}; {d}";
    }

    [Coroutine]
    private static async partial Coro<string> OutVarInWhileCondition(List<string> t)
    {
        var queue = new Queue<string>(new[] { "a", "b", "c" });
        var text = "";
        while (queue.TryDequeue(out var item))
        {
            await Coro.Sleep(0);
            text += item;
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<int> DiscardAssignmentOfAwait(List<string> t)
    {
        _ = await Leaf.Num(t, "discarded", 1);
        await Leaf.Num(t, "dropped", 2);
        return 3;
    }

    [Coroutine]
    private static async partial Coro<int> ReturnAwaitInsideUsingInsideForeach(List<string> t)
    {
        foreach (var i in Iterators.Range(t, 5))
        {
            using var r = new Res(t, "r" + i);
            if (i == 1)
            {
                return await Leaf.Num(t, "returned", i * 10);
            }

            await Coro.Sleep(0);
        }

        return -1;
    }

    [Coroutine]
    private static async partial Coro<string> AwaitInConditionOfTernaryAndPattern(List<string> t)
    {
        var a = await Leaf.Flag(t, "cond", true) ? S(t, "then") : S(t, "else");
        var b = await Leaf.Num(t, "n", 4) is > 3 and < 10 ? "in range" : "out";
        if (await Leaf.Num(t, "m", 2) is 2 or 3)
        {
            b += "!";
        }

        return a + " " + b;
    }

    [Coroutine]
    private static async partial Coro<int> NewConstraintGeneric(List<string> t) => (await Make<List<int>>(t)).Count + (await Make<StringBuilder>(t)).Length;

    [Coroutine]
    private static async partial Coro<T> Make<T>(List<string> t)
        where T : new()
    {
        var value = new T();
        await Coro.Sleep(0);
        t.Add("made " + typeof(T).Name);
        return value;
    }

    [Coroutine]
    private static async partial Coro<string> StructLocalMutatedAcrossAwait(List<string> t)
    {
        var point = (X: 1, Y: 2);
        var dx = await Leaf.Num(t, "dx", 10);
        point.X += dx;
        await Coro.Sleep(0);
        point.Y++;
        var span = new KeyValuePair<string, int>("k", point.Y);
        await Coro.Sleep(0);
        return $"{point} {span}";
    }

    [Coroutine]
    private static async partial Coro<string> StructLocalReadBeforeMutatingCall(List<string> t)
    {
        // C# copies the struct into the first argument before Next() changes it.
        var counter = new Tally();
        await Coro.Sleep(0);
        var text = Join(counter, counter.Next(), await Leaf.Num(t, "n", 1), counter);
        var holder = new TallyHolder();
        var nested = Join(holder.Inner, holder.Inner.Next(), await Leaf.Num(t, "m", 2), holder.Inner);
        var receiver = new Tally();
        var third = Join(receiver.Next(), await Leaf.Num(t, "k", 3), receiver.Next(), receiver);
        var fourth = receiver.Add(await Leaf.Num(t, "add", 10));
        return text + " " + nested + " " + third + " " + fourth + " " + receiver;
    }

    private static Func<int, string> s_format = static x => "first " + x;

    [Coroutine]
    private static async partial Coro<int> ChangeFormat(List<string> t)
    {
        await Coro.Sleep(0);
        s_format = static x => "second " + x;
        t.Add("format changed");
        return 1;
    }

    [Coroutine]
    private static async partial Coro<string> DelegateFieldReadBeforeAwait(List<string> t)
    {
        // C# reads the delegate field before evaluating the arguments.
        s_format = static x => "first " + x;
        var text = s_format(await ChangeFormat(t));
        Func<int, string> local = static x => "local " + x;
        await Coro.Sleep(0);
        text += "; " + local(await Leaf.Num(t, "arg", 2));
        return text;
    }

    [Coroutine]
    private static async partial Coro<string> CommentsAndDirectivesInBody(List<string> t)
    {
        var text = Concat3( // a trailing comment after the open parenthesis
            "a", /* inline */ await Leaf.Num(t, "n", 1), // after the await
            "c"); // after the statement
#if DEBUG
        text += " debug";
#else
        text += " release";
#endif
        await Coro.Sleep(0); /* block comment
                                spanning lines */
#pragma warning disable CS0219
        var unused = 1;
#pragma warning restore CS0219
        return text;
    }

    private static string Concat3(string a, int b, string c) => a + b + c;

    internal sealed class Box
    {
        public string Value = "unset";
    }

    /// <summary>C# sets the field on the box read before the right side replaced the variable.</summary>
    [Coroutine]
    private static async partial Coro<string> ReceiverReassignedOnTheRight(List<string> t)
    {
        var first = new Box();
        var box = first;
        await Coro.Sleep(0);
        box.Value = Join(box = new Box(), await Leaf.Num(t, "n", 1));
        return first.Value + " / " + box.Value;
    }

    [Coroutine]
    private static async partial Coro<string> AssignMemberOfHoistedReceiver(List<string> t)
    {
        var box = new Box();
        box.Value = "v" + await Leaf.Num(t, "n", 2);
        return box.Value;
    }

    private static int Triple(int x) => x * 3;

    [Coroutine]
    private static async partial Coro<string> TargetTypedInitializersOfHoistedLocals(List<string> t)
    {
        var third = await Leaf.Num(t, "third", 3);
        List<int> list = [1, 2, third];
        int[] empty = [];
        Res r = new(t, "target-typed");
        Func<int, int> f = Triple;
        int? maybe = list.Count > 2 ? 5 : null;
        IEnumerable<int> spread = [.. list, 4];
        await Coro.Sleep(0);
        r.Use("after await");
        return $"{string.Join(",", list)} {empty.Length} {r.Name} {f(2)} {maybe} {spread.Sum()}";
    }

    [Coroutine]
    private static async partial Coro<Coro<int>> Nested(List<string> t, int value)
    {
        await Coro.Sleep(0);
        t.Add("outer coroutine " + value);
        return Leaf.Num(t, "inner coroutine " + value, value);
    }

    [Coroutine]
    private static async partial Coro<int> AwaitAwaitAndDiscards(List<string> t)
    {
        // From Generator.Tests' CORO0029 sample: awaits of awaits, discards, foreign awaits.
        int a = await await Nested(t, 1);
        Coro<int> inner = await Nested(t, 2);
        int b = await inner;
        await Leaf.Num(t, "flat", 3);
        _ = await Leaf.Num(t, "discarded", 4);
        await Task.FromResult(5);
        return a + b + await await Nested(t, 6);
    }
}

internal partial struct Cell<T>(List<string> t, T value)
{
    private T _value = value;

    [Coroutine]
    public async partial Coro<T> Swap()
    {
        var old = _value;
        _value = default!;
        await Coro.Sleep(0);
        t.Add("copy holds " + (_value?.ToString() ?? "null"));
        return old;
    }
}

internal struct Tally
{
    private int _n;

    public int Next() => ++_n;

    public int Add(int k) => _n += k;

    public override readonly string ToString() => "Tally(" + _n + ")";
}

internal struct TallyHolder
{
    public Tally Inner;
}
