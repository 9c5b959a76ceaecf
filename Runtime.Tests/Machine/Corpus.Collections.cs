// Corpus: awaits in collection expressions and array initializers. Elements log as they are
// evaluated (and converted), so C#'s left-to-right order around each await is visible; spreads
// before an await and collection types whose construction runs user code stay on CORO0009.
using System.Collections;
using CoroGen.CompilerServices;
using static CoroGen.Tests.Machine.Fx;

namespace CoroGen.Tests.Machine;

internal static partial class CollectionsCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(CollectionExpressionsWithAwaits, t => MachineCoro.Create<__CollectionExpressionsWithAwaits_Machine, string>(new(t)));
        yield return Corpus.Of(CollectionExpressionAwaitThrows, t => MachineCoro.Create<__CollectionExpressionAwaitThrows_Machine, string>(new(t)));
        yield return Corpus.Of(CollectionElementConversionsBeforeAwait, t => MachineCoro.Create<__CollectionElementConversionsBeforeAwait_Machine, string>(new(t)));
        yield return Corpus.Of(ArrayInitializersWithAwaits, t => MachineCoro.Create<__ArrayInitializersWithAwaits_Machine, string>(new(t)));
        yield return Corpus.Of(NestedInitializersWithAwaits, t => MachineCoro.Create<__NestedInitializersWithAwaits_Machine, string>(new(t)));
        yield return Corpus.Of(CollectionExpressionSpreadBeforeAwait, t => MachineCoro.Create<__CollectionExpressionSpreadBeforeAwait_Machine, string>(new(t))).FallsBack();
        yield return Corpus.Of(CollectionExpressionOfUserCollection, t => MachineCoro.Create<__CollectionExpressionOfUserCollection_Machine, string>(new(t))).FallsBack();
    }

    private static void Show(List<string> t, IEnumerable<int> items) => t.Add("built " + string.Join(",", items));

    [Coroutine]
    private static async partial Coro<string> CollectionExpressionsWithAwaits(List<string> t)
    {
        int[] array = [V(t, "a0", 0), await Leaf.Num(t, "a1", 1), V(t, "a2", 2)];
        List<int> list = [V(t, "l0", 0), await Leaf.Num(t, "l1", 1), .. await Many(t), V(t, "l2", 2)];
        IEnumerable<int> lazy = [await Leaf.Num(t, "e0", 0), V(t, "e1", 1), await Leaf.Num(t, "e2", 2)];
        IReadOnlyList<long> widened = [V(t, "w0", 7), await Leaf.Num(t, "w1", 8)];
        Show(t, [V(t, "arg0", 3), await Leaf.Num(t, "arg1", 4)]);
        var count = Sum([V(t, "span0", 5), await Leaf.Num(t, "span1", 6)]);
        return Join(array, list, lazy, widened, count);
    }

    private static int Sum(ReadOnlySpan<int> items)
    {
        var sum = 0;
        foreach (var i in items)
        {
            sum += i;
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<int[]> Many(List<string> t)
    {
        t.Add("many start");
        await Coro.Sleep(0);
        return [10, 11];
    }

    [Coroutine]
    private static async partial Coro<string> CollectionExpressionAwaitThrows(List<string> t)
    {
        try
        {
            List<int> list = [V(t, "before", 0), await Leaf.Fail(t, "element"), V(t, "after", 2)];
            return "not reached " + list.Count;
        }
        catch (InvalidOperationException e)
        {
            return "caught " + e.Message;
        }
    }

    internal readonly struct Wrapped(int value)
    {
        public static List<string>? Log { get; set; }

        public int Value => value;

        public static implicit operator Wrapped(int value)
        {
            Log?.Add("convert " + value);
            return new Wrapped(value);
        }

        public override string ToString() => "w" + value;
    }

    [Coroutine]
    private static async partial Coro<string> CollectionElementConversionsBeforeAwait(List<string> t)
    {
        Wrapped.Log = t;
        List<Wrapped> list = [V(t, "first", 1), await Leaf.Num(t, "second", 2), V(t, "third", 3)];
        var array = new Wrapped[] { V(t, "x", 4), await Leaf.Num(t, "y", 5) };
        Wrapped.Log = null;
        return Join(list, array);
    }

    [Coroutine]
    private static async partial Coro<string> ArrayInitializersWithAwaits(List<string> t)
    {
        var implicitArray = new[] { V(t, "i0", 0), await Leaf.Num(t, "i1", 1) };
        var explicitArray = new long[2] { V(t, "e0", 2), await Leaf.Num(t, "e1", 3) };
        int[] declared = { V(t, "d0", 4), await Leaf.Num(t, "d1", 5), V(t, "d2", 6) };
        object[] mixed = [S(t, "s"), await Leaf.Num(t, "boxed", 7)];
        return Join(implicitArray, explicitArray, declared, mixed);
    }

    private static IEnumerable<int> Produce(List<string> t)
    {
        t.Add("produce");
        yield return 1;
        t.Add("produced");
    }

    /// <summary>C# enumerates the spread before the await; kept on CORO0009.</summary>
    [Coroutine]
    private static async partial Coro<string> CollectionExpressionSpreadBeforeAwait(List<string> t)
    {
        List<int> list = [.. Produce(t), await Leaf.Num(t, "after spread", 2)];
        return Join(list);
    }

    internal sealed class Logged : IEnumerable<int>
    {
        private readonly List<int> _items = [];

        public Logged() => Log?.Add("new Logged");

        public static List<string>? Log { get; set; }

        public void Add(int item)
        {
            Log?.Add("add " + item);
            _items.Add(item);
        }

        public IEnumerator<int> GetEnumerator() => _items.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>A collection type with Add: C# creates it first and adds as the elements come; kept on CORO0009.</summary>
    [Coroutine]
    private static async partial Coro<string> CollectionExpressionOfUserCollection(List<string> t)
    {
        Logged.Log = t;
        Logged logged = [V(t, "first", 1), await Leaf.Num(t, "second", 2)];
        Logged.Log = null;
        return Join(logged);
    }

    internal sealed class InnerPart(List<string> t)
    {
        private int _x;

        public int X
        {
            get => _x;
            set
            {
                t.Add("set X=" + value);
                _x = value;
            }
        }

        public int Y { get; set; }

        public override string ToString() => $"{_x},{Y}";
    }

    internal struct Pair
    {
        public int A;
        public int B;

        public override readonly string ToString() => $"{A},{B}";
    }

    internal sealed class Outer(List<string> t)
    {
        private readonly InnerPart _inner = new(t);
        private readonly List<int> _items = [];

        public InnerPart Inner
        {
            get
            {
                t.Add("get Inner");
                return _inner;
            }
        }

        public List<int> Items
        {
            get
            {
                t.Add("get Items");
                return _items;
            }
        }

        public Pair Pair;

        public string Name { get; set; } = "";

        public override string ToString() => $"{Name}:{_inner}:[{string.Join(",", _items)}]:{Pair}";
    }

    [Coroutine]
    private static async partial Coro<string> NestedInitializersWithAwaits(List<string> t)
    {
        var o = new Outer(t)
        {
            Name = S(t, "name"),
            Inner = { X = V(t, "x", 1), Y = await Leaf.Num(t, "y", 2) },
            Items = { V(t, "i0", 0), await Leaf.Num(t, "i1", 1), V(t, "i2", 2) },
            Pair = { A = await Leaf.Num(t, "a", 3), B = V(t, "b", 4) },
        };
        var empty = new Outer(t) { Inner = { }, Name = "e" + await Leaf.Num(t, "e", 5) };
        return Join(o, empty);
    }
}
