// Corpus: foreach and await foreach over types whose GetEnumerator / GetAsyncEnumerator is an
// extension method (C# 9), with awaits in the loop; the enumerators log their lifetime.
using CoroGen.CompilerServices;

namespace CoroGen.Tests.Machine;

internal readonly record struct Ticks(int From);

internal sealed class TicksEnumerator(List<string> t, int from) : IDisposable
{
    private int _left = from;

    public int Current => _left;

    public bool MoveNext()
    {
        t.Add("move " + _left);
        return --_left >= 0;
    }

    public void Dispose() => t.Add("dispose countdown");
}

internal sealed class AsyncTicksEnumerator(List<string> t, int from)
{
    private int _left = from;

    public int Current => _left;

    public ValueTask<bool> MoveNextAsync()
    {
        t.Add("move async " + _left);
        return ValueTask.FromResult(--_left >= 0);
    }

    public ValueTask DisposeAsync()
    {
        t.Add("dispose async countdown");
        return ValueTask.CompletedTask;
    }
}

internal static class TicksExtensions
{
    public static List<string>? Log { get; set; }

    public static TicksEnumerator GetEnumerator(this Ticks countdown) => new(Log!, countdown.From);

    public static AsyncTicksEnumerator GetAsyncEnumerator(this Ticks countdown) => new(Log!, countdown.From);
}

internal readonly struct ExplicitSeq(List<string> t, int count)
{
    public ExplicitSeqEnumerator GetEnumerator() => new(t, count);
}

/// <summary>A struct enumerator with an explicit Dispose that reports the state it sees: in place, not a stale copy.</summary>
internal struct ExplicitSeqEnumerator(List<string> t, int count) : IDisposable
{
    private int _moves;

    public readonly int Current => _moves;

    public bool MoveNext() => ++_moves <= count;

    void IDisposable.Dispose() => t.Add("explicit dispose after " + _moves + " moves");
}

internal static partial class EnumeratorsCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(ForeachExtensionGetEnumerator, t => MachineCoro.Create<__ForeachExtensionGetEnumerator_Machine, string>(new(t)));
        yield return Corpus.Of(StructEnumeratorWithExplicitDispose, t => MachineCoro.Create<__StructEnumeratorWithExplicitDispose_Machine, string>(new(t)));
        yield return Corpus.Of(AwaitForeachExtensionGetAsyncEnumerator, t => MachineCoro.Create<__AwaitForeachExtensionGetAsyncEnumerator_Machine, string>(new(t)));
    }

    [Coroutine]
    private static async partial Coro<string> ForeachExtensionGetEnumerator(List<string> t)
    {
        TicksExtensions.Log = t;
        var text = "";
        foreach (var i in new Ticks(3))
        {
            await Leaf.Step(t, "tick " + i);
            text += i;
            if (i == 1)
            {
                break;
            }
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> AwaitForeachExtensionGetAsyncEnumerator(List<string> t)
    {
        TicksExtensions.Log = t;
        var text = "";
        await foreach (var i in new Ticks(2))
        {
            text += await Leaf.Num(t, "async tick", i);
        }

        return text;
    }

    [Coroutine]
    private static async partial Coro<string> StructEnumeratorWithExplicitDispose(List<string> t)
    {
        var text = "";
        foreach (var i in new ExplicitSeq(t, 3))
        {
            await Leaf.Step(t, "item " + i);
            text += i;
        }

        return text;
    }
}
