// Corpus: generic coroutines, coroutines in generic types (static and instance), constraints,
// type parameters held across awaits, and instance coroutines in classes and structs (a struct
// coroutine works on a copy of `this`, as C# does for async methods of structs).
using CoroGen.CompilerServices;

namespace CoroGen.Tests.Machine;

internal static partial class GenericsCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(GenericMethods, t => MachineCoro.Create<__GenericMethods_Machine, string>(new(t)));
        yield return Corpus.Of("GenericMethodInt", typeof(GenericsCorpus), nameof(Echo),
            t => Corpus.ViaDelegate(() => ((Func<List<string>, int, Coro<int>>)Echo)(t, 5)),
            t => MachineCoro.Create<__Echo_Machine<int>, int>(new(t, 5)));
        yield return Corpus.Of("GenericMaxConstrained", typeof(GenericsCorpus), nameof(Max),
            t => Corpus.ViaDelegate(() => ((Func<List<string>, string[], Coro<string>>)Max)(t, new[] { "pear", "apple", "zucchini", "fig" })),
            t => MachineCoro.Create<__Max_Machine<string>, string>(new(t, new[] { "pear", "apple", "zucchini", "fig" })));
        yield return Corpus.Of("GenericTypeStatic", typeof(Store<>), "Fill",
            t => Corpus.ViaDelegate(() => ((Func<List<string>, int, Coro<List<double>>>)Store<double>.Fill)(t, 3)),
            t => MachineCoro.Create<Store<double>.__Fill_Machine, List<double>>(new(t, 3)));
        yield return Corpus.Of("GenericTypeInstance", typeof(Store<>), "AddAll",
            t => Corpus.ViaDelegate(new Store<string>(t).AddAll),
            t => MachineCoro.Create<Store<string>.__AddAll_Machine, int>(new(new Store<string>(t))));
        yield return Corpus.Of("GenericMethodInGenericType", typeof(Store<>), "Pair",
            t => Corpus.ViaDelegate(() => ((Func<List<string>, int, string, Coro<(int, string)>>)Store<int>.Pair)(t, 1, "b")),
            t => MachineCoro.Create<Store<int>.__Pair_Machine<string>, (int, string)>(new(t, 1, "b")));
        yield return Corpus.Of(GenericConstraintKinds, t => MachineCoro.Create<__GenericConstraintKinds_Machine, string>(new(t)));
        // Found by this corpus: the machine named the anonymous type (did not compile). Now rejected (CORO0009).
        yield return Corpus.Of(GenericCalleeWithAnonymousTypeArgument, t => MachineCoro.Create<__GenericCalleeWithAnonymousTypeArgument_Machine, string>(new(t))).FallsBack();
        yield return Corpus.Of(GenericDefaultsAndNullables, t => MachineCoro.Create<__GenericDefaultsAndNullables_Machine, string>(new(t)));
        yield return Corpus.Of("ClassInstanceCoroutine", typeof(Counter), nameof(Counter.Run),
            t => Corpus.ViaDelegate(new Counter(t).Run),
            t => MachineCoro.Create<Counter.__Run_Machine, string>(new(new Counter(t))));
        yield return Corpus.Of("StructInstanceCopiesThis", typeof(StructCounter), nameof(StructCounter.Run),
            t => Corpus.ViaDelegate(new StructCounter(t, 10).Run),
            t => MachineCoro.Create<StructCounter.__Run_Machine, string>(new(new StructCounter(t, 10))));
        yield return Corpus.Of("StructInstanceCallsOwnCoroutine", typeof(StructCounter), nameof(StructCounter.Outer),
            t => Corpus.ViaDelegate(new StructCounter(t, 0).Outer),
            t => MachineCoro.Create<StructCounter.__Outer_Machine, string>(new(new StructCounter(t, 0))));
        yield return Corpus.Of("StructThisReadBeforeMutation", typeof(StructCounter), nameof(StructCounter.ThisAsValue),
            t => Corpus.ViaDelegate(new StructCounter(t, 5).ThisAsValue),
            t => MachineCoro.Create<StructCounter.__ThisAsValue_Machine, string>(new(new StructCounter(t, 5))));
        yield return Corpus.Of("RecordClassInstanceRecursion", typeof(Ledger), nameof(Ledger.Sum),
            t => Corpus.ViaDelegate(() => ((Func<int, Coro<int>>)new Ledger(t, 2).Sum)(4)),
            t => MachineCoro.Create<Ledger.__Sum_Machine, int>(new(new Ledger(t, 2), 4)));
        yield return Corpus.Of("RecordStructInstance", typeof(Stamp), nameof(Stamp.Describe),
            t => Corpus.ViaDelegate(new Stamp(t, "s1").Describe),
            t => MachineCoro.Create<Stamp.__Describe_Machine, string>(new(new Stamp(t, "s1"))));
        yield return Corpus.Void("InstanceVoidCoroutineInDerivedClass", typeof(DerivedCounter), nameof(DerivedCounter.Twice),
            t => Corpus.ViaDelegate(new DerivedCounter(t).Twice),
            t => MachineCoro.CreateVoid<DerivedCounter.__Twice_Machine>(new(new DerivedCounter(t))));
    }

    [Coroutine]
    internal static async partial Coro<T> Echo<T>(List<string> t, T value)
    {
        t.Add("echo " + typeof(T).Name);
        await Coro.Sleep(0);
        return value;
    }

    [Coroutine]
    private static async partial Coro<T> Max<T>(List<string> t, T[] items)
        where T : IComparable<T>
    {
        var best = items[0];
        foreach (var item in items)
        {
            await Coro.Sleep(0);
            if (item.CompareTo(best) > 0)
            {
                best = item;
                t.Add("new best " + best);
            }
        }

        return best;
    }

    [Coroutine]
    private static async partial Coro<string> GenericMethods(List<string> t)
    {
        var i = await Echo(t, 42);
        var s = await Echo(t, "text");
        var list = await Echo(t, new List<int> { 1 });
        var tuple = await Echo(t, (1, "x"));
        var max = await Max(t, new[] { 3, 9, 2 });
        var fill = await Store<int>.Fill(t, 2);
        return $"{i} {s} {list.Count} {tuple} {max} {fill.Count}";
    }

    [Coroutine]
    private static async partial Coro<string> Constrained<TClass, TStruct, TUnmanaged, TNotNull, TEnum>(List<string> t, TClass? c, TStruct s, TUnmanaged u, TNotNull n, TEnum e)
        where TClass : class?
        where TStruct : struct
        where TUnmanaged : unmanaged
        where TNotNull : notnull
        where TEnum : struct, Enum
    {
        await Coro.Sleep(0);
        var size = System.Runtime.CompilerServices.Unsafe.SizeOf<TUnmanaged>();
        t.Add($"{c} {s} {u} {n} {e} {size}");
        await Coro.Sleep(0);
        return $"{typeof(TClass).Name}/{typeof(TStruct).Name}/{typeof(TEnum).Name}";
    }

    [Coroutine]
    private static async partial Coro<string> GenericConstraintKinds(List<string> t) =>
        await Constrained<string, DateTime, long, object, DayOfWeek>(t, null, default, 7, "nn", DayOfWeek.Friday);

    [Coroutine]
    private static async partial Coro<string> GenericCalleeWithAnonymousTypeArgument(List<string> t)
    {
        await Echo(t, new { A = 1, B = "b" });
        await Coro.Sleep(0);
        await Coro.Spawn(Echo(t, new { C = 2 }));
        return "anonymous type arguments";
    }

    [Coroutine]
    private static async partial Coro<string> GenericDefaultsAndNullables(List<string> t)
    {
        var a = await Default<int>(t);
        var b = await Default<string>(t);
        var c = await Default<int?>(t);
        return $"{a} {b ?? "null"} {c?.ToString() ?? "null"}";
    }

    [Coroutine]
    private static async partial Coro<T?> Default<T>(List<string> t)
    {
        T? value = default;
        await Coro.Sleep(0);
        t.Add("default of " + typeof(T).Name + " is " + (value?.ToString() ?? "null"));
        return value;
    }
}

internal sealed partial class Store<T>(List<string> t)
{
    private readonly List<T> _items = new();

    [Coroutine]
    public static async partial Coro<List<T>> Fill(List<string> t, int count)
    {
        var list = new List<T>();
        for (var i = 0; i < count; i++)
        {
            await Coro.Sleep(0);
            list.Add(default!);
            t.Add("filled " + typeof(T).Name + " " + i);
        }

        return list;
    }

    [Coroutine]
    public async partial Coro<int> AddAll()
    {
        foreach (var item in new T[2])
        {
            await Coro.Sleep(0);
            _items.Add(item);
            t.Add("added, count " + _items.Count);
        }

        return _items.Count;
    }

    [Coroutine]
    public static async partial Coro<(T, TOther)> Pair<TOther>(List<string> t, T first, TOther second)
    {
        t.Add($"pair {typeof(T).Name} {typeof(TOther).Name}");
        await Coro.Sleep(0);
        return (first, second);
    }
}

internal partial class Counter(List<string> t)
{
    protected int _count;

    protected List<string> Trace => t;

    [Coroutine]
    public async partial Coro<string> Run()
    {
        for (var i = 0; i < 3; i++)
        {
            await Coro.Sleep(0);
            var added = await Add(i);
            _count += added;
        }

        return "count " + _count;
    }

    [Coroutine]
    private async partial Coro<int> Add(int i)
    {
        await Coro.Sleep(0);
        t.Add($"add {i} to {_count}");
        return i + 1;
    }
}

internal sealed partial class DerivedCounter(List<string> t) : Counter(t)
{
    [Coroutine]
    public async partial Coro Twice()
    {
        var first = await Run();
        var second = await Run();
        Trace.Add(first + " then " + second + " field " + _count);
    }
}

internal partial struct StructCounter(List<string> t, int start)
{
    private int _count = start;

    [Coroutine]
    public async partial Coro<string> Run()
    {
        _count++;
        t.Add("count in copy " + _count);
        await Coro.Sleep(0);
        _count += 10;
        t.Add("count in copy after await " + _count);
        return "final " + _count;
    }

    public override readonly string ToString() => "StructCounter(" + _count + ")";

    private int Bump() => ++_count;

    /// <summary>C# copies `this` (a struct) into the argument before Bump() changes it.</summary>
    [Coroutine]
    public async partial Coro<string> ThisAsValue()
    {
        var text = Fx.Join(this, Bump(), await Leaf.Num(t, "n", 1), this);
        await Coro.Sleep(0);
        return text;
    }

    [Coroutine]
    public async partial Coro<string> Outer()
    {
        var inner = await Run();
        t.Add("outer sees " + _count + " after " + inner);
        _count = 100;
        var again = await Run();
        return again + " outer " + _count;
    }
}

internal sealed partial record Ledger(List<string> Trace, int Step)
{
    [Coroutine]
    public async partial Coro<int> Sum(int n)
    {
        if (n == 0)
        {
            await Coro.Sleep(0);
            return 0;
        }

        var rest = await Sum(n - 1);
        Trace.Add($"sum({n}) = {rest + Step}");
        return rest + Step;
    }
}

internal readonly partial record struct Stamp(List<string> Trace, string Name)
{
    [Coroutine]
    public async partial Coro<string> Describe()
    {
        await Coro.Sleep(0);
        Trace.Add("describing " + Name);
        return this.ToString().Length + " " + (this with { Name = "copy" }).Name;
    }
}
