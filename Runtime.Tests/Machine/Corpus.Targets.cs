// Corpus: awaits after '?.' and on the right of assignments to elements, members of other
// receivers and compound assignments. Receivers, indices, getters and setters log to the trace,
// so single evaluation and C#'s order (receiver, indices, read of a compound target, await,
// store) are visible; null receivers must skip the await; awaited calls that throw must leave
// the target untouched.
using CoroGen.CompilerServices;
using static CoroGen.Tests.Machine.Fx;

namespace CoroGen.Tests.Machine;

internal static partial class TargetsCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(ConditionalAccessNullSkipsAwait, t => MachineCoro.Create<__ConditionalAccessNullSkipsAwait_Machine, string>(new(t)));
        yield return Corpus.Of(ConditionalAccessReceiverOnce, t => MachineCoro.Create<__ConditionalAccessReceiverOnce_Machine, string>(new(t)));
        yield return Corpus.Of(ConditionalAccessAwaitThrows, t => MachineCoro.Create<__ConditionalAccessAwaitThrows_Machine, string>(new(t)));
        yield return Corpus.Of(ConditionalAccessChains, t => MachineCoro.Create<__ConditionalAccessChains_Machine, string>(new(t)));
        yield return Corpus.Of(ConditionalAccessNullableStruct, t => MachineCoro.Create<__ConditionalAccessNullableStruct_Machine, string>(new(t)));
        yield return Corpus.Of(ConditionalAccessElements, t => MachineCoro.Create<__ConditionalAccessElements_Machine, string>(new(t)));
        yield return Corpus.Of(ConditionalAccessStatementOnAwaitedReceiver, t => MachineCoro.Create<__ConditionalAccessStatementOnAwaitedReceiver_Machine, string>(new(t)));
        yield return Corpus.Of(NullConditionalAssignment, t => MachineCoro.Create<__NullConditionalAssignment_Machine, string>(new(t)));
        yield return Corpus.Of(ElementAssignmentsEvaluateOnce, t => MachineCoro.Create<__ElementAssignmentsEvaluateOnce_Machine, string>(new(t)));
        yield return Corpus.Of(ElementAssignmentOutOfRangeAfterAwait, t => MachineCoro.Create<__ElementAssignmentOutOfRangeAfterAwait_Machine, string>(new(t)));
        yield return Corpus.Of(ElementAssignmentAwaitThrows, t => MachineCoro.Create<__ElementAssignmentAwaitThrows_Machine, string>(new(t)));
        yield return Corpus.Of(MemberAssignmentReceiverReplacedDuringAwait, t => MachineCoro.Create<__MemberAssignmentReceiverReplacedDuringAwait_Machine, string>(new(t)));
        yield return Corpus.Of(CompoundAssignmentsReadBeforeAwait, t => MachineCoro.Create<__CompoundAssignmentsReadBeforeAwait_Machine, string>(new(t)));
        yield return Corpus.Of(CompoundAssignmentConversionsAndEvents, t => MachineCoro.Create<__CompoundAssignmentConversionsAndEvents_Machine, string>(new(t)));
        yield return Corpus.Of(CompoundAssignmentOfCapturedLocal, t => MachineCoro.Create<__CompoundAssignmentOfCapturedLocal_Machine, string>(new(t)));
        yield return Corpus.Of(CompoundAssignmentAwaitThrows, t => MachineCoro.Create<__CompoundAssignmentAwaitThrows_Machine, string>(new(t)));
        yield return Corpus.Of(StructFieldHolderEvaluatedFirst, t => MachineCoro.Create<__StructFieldHolderEvaluatedFirst_Machine, string>(new(t)));
        yield return Corpus.Of(StructReceiversBeforeAwait, t => MachineCoro.Create<__StructReceiversBeforeAwait_Machine, string>(new(t)));
        yield return Corpus.Of(IndexFromEndAssignment, t => MachineCoro.Create<__IndexFromEndAssignment_Machine, string>(new(t)));
    }

    /// <summary>A node whose members log every read and write.</summary>
    internal sealed class Node(List<string> t, string name)
    {
        private int _count;
        private readonly Dictionary<int, int> _cells = new();
        private Node? _next;

        public string Name => name;

        public int[] Slots = [0, 0, 0];

        public StructPart Part;

        public event Action<string>? Changed;

        public Node? Next
        {
            get
            {
                t.Add($"get {name}.Next");
                return _next;
            }

            set
            {
                t.Add($"set {name}.Next");
                _next = value;
            }
        }

        public int Count
        {
            get
            {
                t.Add($"get {name}.Count={_count}");
                return _count;
            }

            set
            {
                t.Add($"set {name}.Count={value}");
                _count = value;
            }
        }

        public byte Small { get; set; } = 250;

        public string Text { get; set; } = "";

        public int this[int i]
        {
            get
            {
                t.Add($"get {name}[{i}]");
                return _cells.GetValueOrDefault(i);
            }

            set
            {
                t.Add($"set {name}[{i}]={value}");
                _cells[i] = value;
            }
        }

        public int Add(int a, int b = 0)
        {
            t.Add($"{name}.Add({a}, {b})");
            return _count += a + b;
        }

        public void Touch(int v) => t.Add($"{name}.Touch({v})");

        public void Raise(string what) => Changed?.Invoke(what);

        public override string ToString() => $"{name}:{_count}:{string.Join(",", _cells.OrderBy(static c => c.Key).Select(static c => c.Key + "=" + c.Value))}:[{string.Join(",", Slots)}]";
    }

    internal struct StructPart
    {
        public int Value;
    }

    private static T Get<T>(List<string> t, string label, T value)
    {
        t.Add("eval " + label);
        return value;
    }

    [Coroutine]
    private static async partial Coro<Node?> NodeOf(List<string> t, Node? node)
    {
        t.Add("nodeof start");
        await Coro.Sleep(0);
        t.Add("nodeof end");
        return node;
    }

    /// <summary>Suspends, runs <paramref name="during"/>, returns <paramref name="value"/>.</summary>
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
    private static async partial Coro<string> ConditionalAccessNullSkipsAwait(List<string> t)
    {
        Node? none = null;
        var some = new Node(t, "n");
        var a = none?.Add(await Leaf.Num(t, "skipped", 1));
        var b = some?.Add(await Leaf.Num(t, "awaited", 2));
        none?.Touch(await Leaf.Num(t, "skipped too", 3));
        some?.Touch(await Leaf.Num(t, "awaited too", 4));
        var c = none?.Add(V(t, "not evaluated", 5), await Leaf.Num(t, "not awaited", 6)) ?? -1;
        return Join(a, b, c, some);
    }

    [Coroutine]
    private static async partial Coro<string> ConditionalAccessReceiverOnce(List<string> t)
    {
        var node = new Node(t, "r");
        var x = Get(t, "receiver", node)?.Add(V(t, "first", 1), await Leaf.Num(t, "second", 2));
        var y = Get<Node?>(t, "null receiver", null)?.Add(V(t, "never", 1), await Leaf.Num(t, "never", 2));
        Node? slot = node;
        var z = slot?.Add(await While(t, () => slot = null, 10));
        return Join(x, y, z, slot, node);
    }

    [Coroutine]
    private static async partial Coro<string> ConditionalAccessAwaitThrows(List<string> t)
    {
        var node = new Node(t, "e");
        try
        {
            var v = node?.Add(await Leaf.Fail(t, "in ?."));
            return "not reached " + v;
        }
        catch (InvalidOperationException e)
        {
            t.Add("caught " + e.Message);
        }

        Node? none = null;
        var w = none?.Add(await Leaf.Fail(t, "never thrown"));
        return Join(w, node);
    }

    [Coroutine]
    private static async partial Coro<string> ConditionalAccessChains(List<string> t)
    {
        var head = new Node(t, "h");
        var a = head?.Next?.Add(await Leaf.Num(t, "no next", 1));
        head!.Next = new Node(t, "tail");
        var b = head?.Next?.Add(await Leaf.Num(t, "next", 2));
        var c = head?.Next!.Add(await Leaf.Num(t, "bang", 3)).ToString().Length;
        head?.Next?.Touch(await Leaf.Num(t, "statement", 4));
        var d = (await NodeOf(t, head))?.Next?.Count;
        var e = (await NodeOf(t, null))?.Next?.Count;
        return Join(a, b, c, d, e, head, head!.Next);
    }

    [Coroutine]
    private static async partial Coro<string> ConditionalAccessNullableStruct(List<string> t)
    {
        int? some = 5;
        int? none = null;
        var a = some?.CompareTo(await Leaf.Num(t, "cmp", 7));
        var b = none?.CompareTo(await Leaf.Num(t, "skipped", 7));
        (int, string)? pair = (1, "one");
        var c = pair?.Item2 + await Leaf.Num(t, "after", 2);
        var d = pair?.Item2.Insert(0, (await Leaf.Num(t, "insert", 9)).ToString());
        return Join(a, b, c, d);
    }

    [Coroutine]
    private static async partial Coro<string> ConditionalAccessElements(List<string> t)
    {
        var node = new Node(t, "el");
        node.Slots = [10, 20, 30];
        int[]? array = [1, 2, 3];
        int[]? none = null;
        var a = array?[await Leaf.Num(t, "index", 1)];
        var b = none?[await Leaf.Num(t, "skipped", 1)];

        // C# reads node.Slots before the await replaces it.
        var c = node?.Slots[await While(t, () => node.Slots = [7, 8, 9], 2)];
        var d = node?[await Leaf.Num(t, "indexer", 4)];
        return Join(a, b, c, d, node);
    }

    [Coroutine]
    private static async partial Coro<string> ConditionalAccessStatementOnAwaitedReceiver(List<string> t)
    {
        (await NodeOf(t, new Node(t, "aw")))?.Touch(await Leaf.Num(t, "touch", 1));
        (await NodeOf(t, null))?.Touch(await Leaf.Num(t, "never", 2));
        var s = (await NodeOf(t, new Node(t, "len")))?.Name.Length + await Leaf.Num(t, "plus", 3);
        return Join(s);
    }

    [Coroutine]
    private static async partial Coro<string> NullConditionalAssignment(List<string> t)
    {
        var node = new Node(t, "nc");
        Node? none = null;
        node?.Count = await Leaf.Num(t, "set", 4);
        none?.Count = await Leaf.Num(t, "skipped", 5);
        node?.Count += await Leaf.Num(t, "add", 6);
        node?[V(t, "key", 2)] = await Leaf.Num(t, "cell", 8);
        var r = node?.Count -= await Leaf.Num(t, "sub", 1);
        return Join(r, node);
    }

    [Coroutine]
    private static async partial Coro<string> ElementAssignmentsEvaluateOnce(List<string> t)
    {
        var array = new int[3];
        var node = new Node(t, "ix");
        var list = new List<string> { "a", "b" };
        var map = new Dictionary<string, int>();
        Get(t, "array", array)[V(t, "index", 1)] = await Leaf.Num(t, "value", 7);
        Get(t, "node", node)[V(t, "key", 5)] = await Leaf.Num(t, "cell", 9);
        list[V(t, "list index", 0)] = "z" + await Leaf.Num(t, "text", 1);
        map[S(t, "map key")] = await Leaf.Num(t, "map value", 3);
        var holder = array;
        holder[V(t, "i", 0)] = await While(t, () => holder = new int[3], 42);
        var chained = array[0] = array[2] = await Leaf.Num(t, "chained", 5);
        return Join(array, node, list, map["map key"], holder, chained);
    }

    [Coroutine]
    private static async partial Coro<string> ElementAssignmentOutOfRangeAfterAwait(List<string> t)
    {
        var array = new int[2];
        try
        {
            array[V(t, "bad index", 5)] = await Leaf.Num(t, "value", 1);
        }
        catch (IndexOutOfRangeException)
        {
            t.Add("out of range");
        }

        object[] covariant = new string[1];
        try
        {
            covariant[0] = await Leaf.Num(t, "boxed int", 2);
        }
        catch (ArrayTypeMismatchException)
        {
            t.Add("mismatch");
        }

        return Join(array, covariant);
    }

    [Coroutine]
    private static async partial Coro<string> ElementAssignmentAwaitThrows(List<string> t)
    {
        var node = new Node(t, "th");
        try
        {
            node[V(t, "key", 1)] = await Leaf.Fail(t, "no value");
        }
        catch (InvalidOperationException e)
        {
            t.Add("caught " + e.Message);
        }

        try
        {
            node.Count += await Leaf.Fail(t, "no sum");
        }
        catch (InvalidOperationException e)
        {
            t.Add("caught " + e.Message);
        }

        return Join(node);
    }

    [Coroutine]
    private static async partial Coro<string> MemberAssignmentReceiverReplacedDuringAwait(List<string> t)
    {
        var first = new Node(t, "first");
        var holder = new Node(t, "holder") { Next = first };
        holder.Next.Count = await While(t, () => holder.Next = new Node(t, "second"), 3);
        Get(t, "receiver", holder).Next!.Text = "x" + await Leaf.Num(t, "text", 1);
        return Join(first, holder.Next, holder.Next.Text);
    }

    private static int s_total;

    [Coroutine]
    private static async partial Coro<string> CompoundAssignmentsReadBeforeAwait(List<string> t)
    {
        var node = new Node(t, "c");
        node.Count = 1;
        node.Count += await While(t, () => node.Count = 100, 5);
        Get(t, "receiver", node)[V(t, "key", 3)] += await Leaf.Num(t, "cell", 4);
        s_total = 10;
        s_total -= await While(t, () => s_total = 1000, 1);
        node.Slots[V(t, "slot", 1)] *= 3 + await Leaf.Num(t, "factor", 1);
        node.Slots[await Leaf.Num(t, "awaited index", 2)] += await Leaf.Num(t, "awaited value", 6);
        var value = node.Count += await Leaf.Num(t, "as value", 1);
        return Join(node, s_total, value);
    }

    [Coroutine]
    private static async partial Coro<string> CompoundAssignmentConversionsAndEvents(List<string> t)
    {
        var node = new Node(t, "cv");
        node.Small += (byte)await Leaf.Num(t, "wraps", 10);
        node.Text += "a" + await Leaf.Num(t, "text", 1);
        node.Text += null;
        node.Changed += await Handler(t, "first");
        node.Changed += await Handler(t, "second");
        node.Raise("raised");
        return Join(node.Small, node.Text);
    }

    [Coroutine]
    private static async partial Coro<Action<string>> Handler(List<string> t, string name)
    {
        await Coro.Sleep(0);
        return what => t.Add(name + " handles " + what);
    }

    [Coroutine]
    private static async partial Coro<string> CompoundAssignmentOfCapturedLocal(List<string> t)
    {
        var x = 1;
        Action reset = () => x = 100;
        x += await While(t, reset, 5);
        var y = 2;
        y *= (y = 3) + await Leaf.Num(t, "y", 1);
        return Join(x, y);
    }

    [Coroutine]
    private static async partial Coro<string> CompoundAssignmentAwaitThrows(List<string> t)
    {
        s_total = 7;
        try
        {
            s_total += await Leaf.Fail(t, "boom");
        }
        catch (InvalidOperationException)
        {
            t.Add("caught");
        }

        return Join(s_total);
    }

    private static Node Make(List<string> t, string name)
    {
        t.Add("make " + name);
        return new Node(t, name);
    }

    [Coroutine]
    private static async partial Coro<string> StructFieldHolderEvaluatedFirst(List<string> t)
    {
        var node = new Node(t, "sf");
        Get(t, "holder", node).Part.Value = await Leaf.Num(t, "value", 3);
        Get(t, "holder again", node).Part.Value += await Leaf.Num(t, "more", 4);
        var s = Make(t, "made").Part.Value + await Leaf.Num(t, "read", 1);
        return Join(node.Part.Value, s);
    }

    internal sealed class Counting(List<string> t)
    {
        private readonly List<int> _items = [1, 2, 3];

        public int Count
        {
            get
            {
                t.Add("get Count=" + _items.Count);
                return _items.Count;
            }
        }

        public int this[int i]
        {
            get
            {
                t.Add($"get [{i}]");
                return _items[i];
            }

            set
            {
                t.Add($"set [{i}]={value}");
                _items[i] = value;
            }
        }

        public void Add(int item) => _items.Add(item);

        public override string ToString() => string.Join(",", _items);
    }

    /// <summary>C# reads Count for `^1` before the await, which adds an element.</summary>
    [Coroutine]
    private static async partial Coro<string> IndexFromEndAssignment(List<string> t)
    {
        var list = new List<int> { 1, 2, 3 };
        list[^1] = await While(t, () => list.Add(4), 9);
        var counting = new Counting(t);
        counting[^V(t, "from end", 1)] = await While(t, () => counting.Add(5), 8);
        Index second = 1;
        Get(t, "receiver", counting)[second] += await While(t, () => counting.Add(6), 10);
        counting[^await Leaf.Num(t, "awaited index", 2)] -= await Leaf.Num(t, "sub", 1);
        return Join(list, counting);
    }

    internal struct Tally(List<string> t, string name)
    {
        private int _bumps;

        public int Bump(int by)
        {
            _bumps += by;
            t.Add($"bump {name} to {_bumps}");
            return _bumps;
        }

        public override readonly string ToString() => name + "=" + _bumps;
    }

    internal sealed class TallyHolder(List<string> t)
    {
        private Tally _tally = new(t, "prop");

        public Tally Tally
        {
            get
            {
                t.Add("get Tally");
                return _tally;
            }
        }

        public override string ToString() => _tally.ToString();
    }

    private static Tally MakeTally(List<string> t, string name)
    {
        t.Add("make " + name);
        return new Tally(t, name);
    }

    [Coroutine]
    private static async partial Coro<string> StructReceiversBeforeAwait(List<string> t)
    {
        var a = MakeTally(t, "made").Bump(await Leaf.Num(t, "by", 2));
        var holder = new TallyHolder(t);
        var b = holder.Tally.Bump(await Leaf.Num(t, "copy", 3));
        var tallies = new[] { new Tally(t, "e0"), new Tally(t, "e1") };
        var original = tallies;
        var c = Get(t, "array", tallies)[V(t, "index", 1)].Bump(await Leaf.Num(t, "in place", 4));
        tallies[V(t, "again", 1)].Bump(await While(t, () => tallies = [new Tally(t, "replaced")], 5));
        var list = new List<Tally> { new(t, "l0") };
        var d = list[0].Bump(await Leaf.Num(t, "list copy", 6));
        int? maybe = 7;
        var e = maybe.Value.CompareTo(await Leaf.Num(t, "nullable", 7));
        return Join(a, b, holder, c, d, e, original, tallies, list);
    }
}
