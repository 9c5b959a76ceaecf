using System;
using System.Collections.Generic;
using CoroGen;

namespace Demo;

public partial class Expressions
{
    private readonly List<int> _items = new();

    private static Coro<int> Value(int v) => Coro.FromResult(v);

    private static Coro<bool> Truth(bool v) => Coro.FromResult(v);

    private static Coro<Node?> Maybe(Node? n) => Coro.FromResult(n);

    private static int Combine(int a, int b, int c) => a + b + c;

    private List<int> Items() => _items;

    [Coroutine]
    public async partial Coro<string> Positions(string? maybe, bool flag)
    {
        var x = await Value(1);
        x += await Value(2);
        Console.WriteLine(await Value(3));
        var sum = Combine(x, await Value(4), await Value(5));
        sum += Combine(c: await Value(9), a: Items().Count, b: await Value(10));
        Items().Add(await Value(6));
        var both = flag && await Truth(true);
        var either = flag || await Truth(false);
        var name = maybe ?? (await Truth(true) ? "fallback" : "none");
        var pick = flag ? await Value(7) : 0;
        if (await Truth(flag))
        {
            sum++;
        }

        var (first, second) = (await Value(8), sum);
        if (int.TryParse(name, out var parsed) && parsed > 0)
        {
            await Coro.Sleep(0);
        }

        object boxed = name;
        if (boxed is string text)
        {
            await Coro.Sleep(0);
            sum += text.Length;
        }

        var tuple = (x, sum);
        await Coro.Sleep(0);
        return $"{nameof(x)} {tuple.x} {tuple.sum} {first} {second} {both} {either} {pick} {parsed}";
    }
    public sealed class Node
    {
        public Node? Next { get; set; }

        public int Count { get; set; }

        public int[] Slots = new int[4];

        public List<int> Log { get; } = new();

        public int Add(int v) => Count += v;

        public void Touch(int v) => Count -= v;
    }

    private int _total;

    [Coroutine]
    public async partial Coro<int> TargetsAndConditionalAccess(Node? node, Node other, int? maybe)
    {
        var a = node?.Add(await Value(1));
        node?.Next?.Touch(await Value(2));
        var b = (await Maybe(node))?.Next?.Add(await Value(3));
        var c = maybe?.CompareTo(await Value(4)) ?? -1;
        var d = node?.Slots[await Value(5)];
        other.Slots[other.Count] = await Value(6);
        Items()[0] = await Value(7);
        _total += await Value(8);
        other.Next!.Count -= await Value(9);
        other.Slots[await Value(0)] += await Value(10);
        Items()[^1] -= await Value(11);
        return a + b + c + d ?? _total;
    }
    [Coroutine]
    public async partial Coro<int> Collections(int[] seed)
    {
        int[] array = [Items().Count, await Value(1), .. seed];
        List<int> list = [await Value(2), Combine(1, 2, 3), .. await Seed(seed)];
        IReadOnlyList<long> widened = [Items().Count, await Value(3)];
        var created = new[] { Items().Count, await Value(4) };
        int[] initialized = { Items().Count, await Value(5) };
        return array.Length + list.Count + widened.Count + created.Length + initialized.Length;
    }

    private static Coro<int[]> Seed(int[] seed) => Coro.FromResult(seed);
    [Coroutine]
    public async partial Coro<string> Reads(Node holder, string? name)
    {
        name ??= "n" + await Value(1);
        var next = holder.Next ??= await Maybe(holder);
        var text = $"{Items().Count}:{await Value(2)}";
        new Node { Count = await Value(3) };
        var nested = new Node { Log = { Items().Count, await Value(6) }, Count = 1 };
        if (Items() is var items && items.Count >= 0)
        {
            text += await Value(items.Count);
        }

        if (holder.Next is Node { Count: > 0 } found)
        {
            text += await Value(found.Count);
        }

        text += $@"line ""{name}""
next {{ {await Value(7),3:D2} }}";
        return name + text + next?.Count + nested.Count;
    }
}
