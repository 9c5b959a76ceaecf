// Corpus: more combinations. Children that throw before suspending, cancellation caught inside
// an inlined child, verbatim lock/checked/ref-local statements in a lowered body, virtual
// coroutines (never inlined: the call dispatches), nested generic types, extension coroutines,
// generic recursion, Dispose that throws, returns from a switch inside a try.
using CoroGen.CompilerServices;

namespace CoroGen.Tests.Machine;

internal static partial class MoreCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(ChildThrowingBeforeSuspending, t => MachineCoro.Create<__ChildThrowingBeforeSuspending_Machine, string>(new(t)));
        yield return Corpus.Of(CancellationCaughtInsideChild, t => MachineCoro.Create<__CancellationCaughtInsideChild_Machine, string>(new(t))).CancelAt(4);
        yield return Corpus.Of(VerbatimLockCheckedAndRefLocal, t => MachineCoro.Create<__VerbatimLockCheckedAndRefLocal_Machine, string>(new(t)));
        yield return Corpus.Of(VirtualCoroutineDispatches, t => MachineCoro.Create<__VirtualCoroutineDispatches_Machine, string>(new(t)));
        yield return Corpus.Of("NestedGenericTypes", typeof(Outer<>.Inner<>), "Describe",
            t => Corpus.ViaDelegate(() => ((Func<List<string>, int, string, bool, Coro<string>>)Outer<int>.Inner<string>.Describe)(t, 1, "two", true)),
            t => MachineCoro.Create<Outer<int>.Inner<string>.__Describe_Machine<bool>, string>(new(t, 1, "two", true)));
        yield return Corpus.Of(ExtensionCoroutineCalls, t => MachineCoro.Create<__ExtensionCoroutineCalls_Machine, int>(new(t)));
        yield return Corpus.Of(GenericRecursion, t => MachineCoro.Create<__GenericRecursion_Machine, string>(new(t)));
        yield return Corpus.Of(DisposeThrowsAfterAwait, t => MachineCoro.Create<__DisposeThrowsAfterAwait_Machine, string>(new(t)));
        yield return Corpus.Of(ReturnsFromSwitchInsideTry, t => MachineCoro.Create<__ReturnsFromSwitchInsideTry_Machine, string>(new(t))).CancelAt(8);
        yield return Corpus.Of("BaseCallInOverride", typeof(Puppy), nameof(Puppy.Speak),
            t => Corpus.ViaDelegate(new Puppy(t).Speak),
            t => MachineCoro.Create<Puppy.__Speak_Machine, string>(new(new Puppy(t))));
        yield return Corpus.Of(SpawnRecursionTree, t => MachineCoro.Create<__SpawnRecursionTree_Machine, int>(new(t)));
        yield return Corpus.Of("KeywordParameterNames", typeof(MoreCorpus), nameof(Keywords),
            t => Corpus.ViaDelegate(() => ((Func<List<string>, int, string, Coro<string>>)Keywords)(t, 3, "cls")),
            t => MachineCoro.Create<__Keywords_Machine, string>(new(t, 3, "cls")));
        yield return Corpus.Of(NullReceiverAwaited, t => MachineCoro.Create<__NullReceiverAwaited_Machine, string>(new(t)));
        yield return Corpus.Of(NullReceiverSpawned, t => MachineCoro.Create<__NullReceiverSpawned_Machine, string>(new(t)));
        yield return Corpus.Of(StructWithExplicitDisposeInUsing, t => MachineCoro.Create<__StructWithExplicitDisposeInUsing_Machine, string>(new(t)));
    }

    [Coroutine]
    private static async partial Coro<int> ThrowNow(List<string> t, string message)
    {
        t.Add("throwing at once: " + message);
        if (message.Length > 0)
        {
            throw new InvalidOperationException(message);
        }

        await Coro.Sleep(0);
        return 0;
    }

    [Coroutine]
    private static async partial Coro<string> ChildThrowingBeforeSuspending(List<string> t)
    {
        var text = "";
        try
        {
            text += await ThrowNow(t, "sync");
        }
        catch (InvalidOperationException e)
        {
            text += "caught " + e.Message;
        }
        finally
        {
            t.Add("finally after sync throw");
        }

        var task = Coro.Spawn(ThrowNow(t, "spawned"));
        await Coro.Sleep(0);
        try
        {
            await task;
        }
        catch (InvalidOperationException e)
        {
            text += "; task " + e.Message;
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> Absorb(List<string> t)
    {
        try
        {
            await Coro.Sleep(0);
            await Coro.Sleep(0);
            return "child finished";
        }
        catch (CancelledError)
        {
            t.Add("child absorbed the cancellation");
            return "child absorbed";
        }
    }

    [Coroutine]
    private static async partial Coro<string> CancellationCaughtInsideChild(List<string> t)
    {
        var a = await Absorb(t);
        t.Add("parent got " + a);
        await Coro.Sleep(0);
        return a + " / parent finished";
    }

    private static readonly object s_gate = new();

    [Coroutine]
    private static async partial Coro<string> VerbatimLockCheckedAndRefLocal(List<string> t)
    {
        var text = "";
        await Coro.Sleep(0);
        lock (s_gate)
        {
            text += "locked;";
        }

        try
        {
            var big = int.MaxValue;
            checked
            {
                big++;
            }
        }
        catch (OverflowException)
        {
            text += "overflow;";
        }

        unchecked
        {
            var wrapped = int.MaxValue;
            wrapped++;
            text += wrapped + ";";
        }

        await Coro.Sleep(0);
        {
            var array = new[] { 1, 2 };
            ref var first = ref array[0];
            first = 10;
            text += array[0] + ";";
        }

        await Coro.Sleep(0);
        return text;
    }

    [Coroutine]
    private static async partial Coro<string> VirtualCoroutineDispatches(List<string> t)
    {
        Animal animal = new Dog(t);
        var a = await animal.Speak();
        var b = await new Animal(t).Speak();
        return a + " " + b;
    }

    [Coroutine]
    private static async partial Coro<int> ExtensionCoroutineCalls(List<string> t)
    {
        var a = await t.CountAfterSleep();
        t.Add("between");
        var b = await TraceExtensions.CountAfterSleep(t);
        return a * 10 + b;
    }

    [Coroutine]
    private static async partial Coro<string> GenericRecursion(List<string> t) => await Wrap(t, 3, 7);

    [Coroutine]
    private static async partial Coro<string> Wrap<T>(List<string> t, int depth, T value)
    {
        await Coro.Sleep(0);
        if (depth == 0)
        {
            return typeof(T).Name + ":" + value;
        }

        var inner = await Wrap(t, depth - 1, new List<T> { value });
        t.Add("wrap " + depth);
        return "[" + inner + "]";
    }

    internal sealed class Explosive(List<string> t) : IDisposable
    {
        public void Dispose()
        {
            t.Add("dispose throws");
            throw new ObjectDisposedException("explosive");
        }
    }

    [Coroutine]
    private static async partial Coro<string> DisposeThrowsAfterAwait(List<string> t)
    {
        try
        {
            using (new Explosive(t))
            {
                await Coro.Sleep(0);
                t.Add("body done");
            }
        }
        catch (ObjectDisposedException e)
        {
            return "caught " + e.ObjectName;
        }

        return "not thrown";
    }

    [Coroutine]
    private static async partial Coro<string> ReturnsFromSwitchInsideTry(List<string> t)
    {
        var text = "";
        for (var i = 0; i < 3; i++)
        {
            text += await Pick(t, i) + ";";
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> Pick(List<string> t, int i)
    {
        try
        {
            switch (i)
            {
                case 0:
                    await Coro.Sleep(0);
                    return "zero";
                case 1:
                    return "one";
                default:
                    await Coro.Sleep(0);
                    break;
            }

            return "default";
        }
        finally
        {
            t.Add("pick finally " + i);
        }
    }

    [Coroutine]
    private static async partial Coro<int> SpawnRecursionTree(List<string> t) => await Tree(t, 3);

    [Coroutine]
    private static async partial Coro<int> Tree(List<string> t, int depth)
    {
        if (depth == 0)
        {
            await Coro.Sleep(0);
            return 1;
        }

        var left = Coro.Spawn(Tree(t, depth - 1));
        var right = Coro.Spawn(Tree(t, depth - 1));
        var sum = await left + await right;
        t.Add($"tree {depth} = {sum}");
        return sum;
    }

    [Coroutine]
    private static async partial Coro<string> Keywords(List<string> t, int @event, string @class)
    {
        await Coro.Sleep(0);
        var pair = (@event, @class);
        @event++;
        await Coro.Sleep(0);
        return $"{pair.@event} {pair.@class} {@event} {nameof(@class)}";
    }

    private static Animal? NoAnimal(List<string> t)
    {
        t.Add("receiver evaluated");
        return null;
    }

    [Coroutine]
    private static async partial Coro<string> NullReceiverAwaited(List<string> t)
    {
        try
        {
            var counter = NoAnimal(t) is null ? null : new Counter(t);
            return await counter!.Run();
        }
        catch (NullReferenceException)
        {
            t.Add("null receiver");
            return "caught";
        }
    }

    [Coroutine]
    private static async partial Coro<string> NullReceiverSpawned(List<string> t)
    {
        try
        {
            var task = Coro.Spawn(new Counter(t).Run());
            Counter? none = NoAnimal(t) is null ? null : new Counter(t);
            var other = Coro.Spawn(none!.Run());
            t.Add("spawned both");
            await task;
            return await other;
        }
        catch (NullReferenceException)
        {
            t.Add("null receiver");
            return "caught";
        }
    }

    internal struct ExplicitDisposable(List<string> t) : IDisposable
    {
        void IDisposable.Dispose() => t.Add("explicit dispose");
    }

    [Coroutine]
    private static async partial Coro<string> StructWithExplicitDisposeInUsing(List<string> t)
    {
        using (var d = new ExplicitDisposable(t))
        {
            await Coro.Sleep(0);
        }

        return "ok";
    }
}

internal partial class Animal(List<string> t)
{
    protected List<string> Trace => t;

    [Coroutine]
    public virtual async partial Coro<string> Speak()
    {
        await Coro.Sleep(0);
        t.Add("animal speaks");
        return "...";
    }
}

internal sealed partial class Dog(List<string> t) : Animal(t)
{
    [Coroutine]
    public override async partial Coro<string> Speak()
    {
        await Coro.Sleep(0);
        Trace.Add("dog barks");
        return "woof";
    }
}

internal sealed partial class Puppy(List<string> t) : Animal(t)
{
    [Coroutine]
    public override async partial Coro<string> Speak()
    {
        var parent = await base.Speak();
        Trace.Add("puppy yips after " + parent);
        await Coro.Sleep(0);
        return "yip " + parent;
    }
}

internal static partial class TraceExtensions
{
    [Coroutine]
    public static async partial Coro<int> CountAfterSleep(this List<string> t)
    {
        await Coro.Sleep(0);
        t.Add("extension ran");
        return t.Count;
    }
}

internal static partial class Outer<T>
{
    internal static partial class Inner<U>
    {
        [Coroutine]
        public static async partial Coro<string> Describe<V>(List<string> t, T a, U b, V c)
        {
            await Coro.Sleep(0);
            t.Add($"{typeof(T).Name} {typeof(U).Name} {typeof(V).Name}");
            return $"{a} {b} {c}";
        }
    }
}
