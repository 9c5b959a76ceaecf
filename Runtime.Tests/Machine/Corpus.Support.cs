// Helpers the corpus programs share: side-effecting operands that log to the trace (so the
// evaluation order of an expression is visible), [Coroutine] leaves that suspend, a builder-only
// coroutine, and disposable resources and enumerators that log their lifetime.
using System.Collections;

namespace CoroGen.Tests.Machine;

/// <summary>Side-effecting operands: each logs its label, then yields its value.</summary>
internal static class Fx
{
    public static int V(List<string> t, string label, int value)
    {
        t.Add(label);
        return value;
    }

    public static string S(List<string> t, string label)
    {
        t.Add(label);
        return label;
    }

    public static bool B(List<string> t, string label, bool value)
    {
        t.Add(label + "=" + (value ? "true" : "false"));
        return value;
    }

    public static string Join(params object?[] parts) => string.Join("|", parts.Select(CorpusCase.Format));

    public static string Three(string a, int b, string c) => $"{a}/{b}/{c}";
}

/// <summary>Coroutine leaves: they log, suspend once (Sleep(0)), log again and return.</summary>
internal static partial class Leaf
{
    [Coroutine]
    public static async partial Coro<int> Num(List<string> t, string label, int value)
    {
        t.Add(label + " start");
        await Coro.Sleep(0);
        t.Add(label + " end");
        return value;
    }

    [Coroutine]
    public static async partial Coro<bool> Flag(List<string> t, string label, bool value)
    {
        t.Add(label + " start");
        await Coro.Sleep(0);
        t.Add(label + " end=" + value);
        return value;
    }

    [Coroutine]
    public static async partial Coro Step(List<string> t, string label)
    {
        t.Add(label + " start");
        await Coro.Sleep(0);
        t.Add(label + " end");
    }

    [Coroutine]
    public static async partial Coro<int> Fail(List<string> t, string message)
    {
        t.Add("fail start " + message);
        await Coro.Sleep(0);
        throw new InvalidOperationException(message);
    }

    /// <summary>Completes without suspending: the awaiter is complete at once.</summary>
    [Coroutine]
    public static async partial Coro<int> Sync(List<string> t, int value)
    {
        t.Add("sync " + value);
        return await Coro.FromResult(value);
    }

    /// <summary>Not a [Coroutine]: always the builder path, awaited through Coro&lt;T&gt;'s awaiter.</summary>
    public static async Coro<int> BuilderNum(List<string> t, int value)
    {
        t.Add("builder start " + value);
        await Coro.Sleep(0);
        t.Add("builder end " + value);
        return value;
    }
}

/// <summary>A class resource that logs creation and disposal.</summary>
internal sealed class Res : IDisposable
{
    private readonly List<string> _t;

    public Res(List<string> t, string name)
    {
        _t = t;
        Name = name;
        t.Add("open " + name);
    }

    public string Name { get; }

    public void Use(string what) => _t.Add($"use {Name} {what}");

    public void Dispose() => _t.Add("dispose " + Name);
}

/// <summary>A struct resource with mutable state: shows which copy C# calls members and Dispose on.</summary>
internal struct StructRes : IDisposable
{
    private readonly List<string> _t;
    private int _uses;

    public StructRes(List<string> t)
    {
        _t = t;
        t.Add("open struct");
    }

    public void Touch() => _t.Add("touch " + ++_uses);

    public void Dispose() => _t.Add("dispose struct uses=" + _uses);
}

/// <summary>A foreach-pattern collection (no IEnumerable) whose class enumerator is disposable.</summary>
internal readonly struct Countdown(List<string> t, int from)
{
    public Enumerator GetEnumerator() => new(t, from);

    public sealed class Enumerator(List<string> t, int from) : IDisposable
    {
        private int _current = from + 1;

        public int Current => _current;

        public bool MoveNext()
        {
            _current--;
            t.Add("movenext " + _current);
            return _current > 0;
        }

        public void Dispose() => t.Add("enumerator disposed at " + _current);
    }
}

/// <summary>A foreach-pattern collection with a mutable struct enumerator and a public Dispose.</summary>
internal readonly struct Letters(List<string> t, string text)
{
    public Enumerator GetEnumerator() => new(t, text);

    public struct Enumerator(List<string> t, string text)
    {
        private int _index = -1;

        public readonly char Current => text[_index];

        public bool MoveNext() => ++_index < text.Length;

        public readonly void Dispose() => t.Add("letters disposed at " + _index);
    }
}

/// <summary>An IEnumerable whose iterator logs its finally (run by Dispose).</summary>
internal static class Iterators
{
    public static IEnumerable<int> Range(List<string> t, int count)
    {
        try
        {
            for (var i = 0; i < count; i++)
            {
                t.Add("yield " + i);
                yield return i;
            }
        }
        finally
        {
            t.Add("iterator finally");
        }
    }

    /// <summary>Non-generic IEnumerable only.</summary>
    public static IEnumerable Objects() => new object[] { 1, "two", 3.5 };
}

/// <summary>A property that logs every read (side effects in patterns).</summary>
internal sealed class Probe(List<string> t, int value)
{
    public int Value
    {
        get
        {
            t.Add("get Value");
            return value;
        }
    }

    public string Kind
    {
        get
        {
            t.Add("get Kind");
            return value % 2 == 0 ? "even" : "odd";
        }
    }
}
