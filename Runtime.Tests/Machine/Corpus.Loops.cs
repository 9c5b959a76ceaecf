// Corpus: loops. while/do/for/foreach flattened around awaits, with break/continue at the
// flattened level and inside nested loops and switches that stay verbatim, returns from inside
// loops, and every foreach shape (array, List<T>, pattern enumerators with Dispose, iterators).
using CoroGen.CompilerServices;

namespace CoroGen.Tests.Machine;

internal static partial class LoopsCorpus
{
    internal static IEnumerable<CorpusCase> Programs()
    {
        yield return Corpus.Of(WhileWithBreakContinue, t => MachineCoro.Create<__WhileWithBreakContinue_Machine, int>(new(t)));
        yield return Corpus.Of(DoWhileAwaitInBody, t => MachineCoro.Create<__DoWhileAwaitInBody_Machine, int>(new(t)));
        yield return Corpus.Of(ForWithAwaitInIncrementor, t => MachineCoro.Create<__ForWithAwaitInIncrementor_Machine, int>(new(t)));
        yield return Corpus.Of(ForMultipleVariables, t => MachineCoro.Create<__ForMultipleVariables_Machine, string>(new(t)));
        yield return Corpus.Of(ForeachArray, t => MachineCoro.Create<__ForeachArray_Machine, int>(new(t)));
        yield return Corpus.Of(ForeachArrayReassignedInside, t => MachineCoro.Create<__ForeachArrayReassignedInside_Machine, string>(new(t)));
        yield return Corpus.Of(ForeachList, t => MachineCoro.Create<__ForeachList_Machine, int>(new(t))).CancelAt(8);
        yield return Corpus.Of(ForeachListModifiedAcrossAwait, t => MachineCoro.Create<__ForeachListModifiedAcrossAwait_Machine, int>(new(t)));
        yield return Corpus.Of(ForeachPatternEnumeratorBreak, t => MachineCoro.Create<__ForeachPatternEnumeratorBreak_Machine, int>(new(t))).CancelAt(8);
        yield return Corpus.Of(ForeachStructEnumeratorWithDispose, t => MachineCoro.Create<__ForeachStructEnumeratorWithDispose_Machine, string>(new(t)));
        yield return Corpus.Of(ForeachIteratorDisposedOnReturn, t => MachineCoro.Create<__ForeachIteratorDisposedOnReturn_Machine, int>(new(t))).CancelAt(8);
        yield return Corpus.Of(ForeachIteratorDisposedOnThrow, t => MachineCoro.Create<__ForeachIteratorDisposedOnThrow_Machine, int>(new(t)));
        yield return Corpus.Of(ForeachDictionaryAndString, t => MachineCoro.Create<__ForeachDictionaryAndString_Machine, string>(new(t)));
        yield return Corpus.Of(ForeachNonGenericEnumerable, t => MachineCoro.Create<__ForeachNonGenericEnumerable_Machine, string>(new(t)));
        yield return Corpus.Of(ForeachExplicitConversion, t => MachineCoro.Create<__ForeachExplicitConversion_Machine, long>(new(t)));
        yield return Corpus.Of(NestedLoopsInnerWithoutAwait, t => MachineCoro.Create<__NestedLoopsInnerWithoutAwait_Machine, string>(new(t)));
        yield return Corpus.Of(NestedLoopsBothWithAwait, t => MachineCoro.Create<__NestedLoopsBothWithAwait_Machine, string>(new(t)));
        yield return Corpus.Of(ContinueInsideVerbatimSwitch, t => MachineCoro.Create<__ContinueInsideVerbatimSwitch_Machine, string>(new(t)));
        yield return Corpus.Of(ReturnFromNestedLoops, t => MachineCoro.Create<__ReturnFromNestedLoops_Machine, int>(new(t)));
        yield return Corpus.Of(InfiniteLoopWithBreak, t => MachineCoro.Create<__InfiniteLoopWithBreak_Machine, int>(new(t)));
        // Found by this corpus: the two functions collided in the step method (CS0128). Now rejected (CORO0009).
        yield return Corpus.Of(SameLocalFunctionNameInTwoLoops, t => MachineCoro.Create<__SameLocalFunctionNameInTwoLoops_Machine, int>(new(t))).FallsBack();
        yield return Corpus.Of(SameConstNameInTwoLoops, t => MachineCoro.Create<__SameConstNameInTwoLoops_Machine, int>(new(t))).FallsBack();
        yield return Corpus.Of(ConstInLoopAndLocalInVerbatimBlock, t => MachineCoro.Create<__ConstInLoopAndLocalInVerbatimBlock_Machine, int>(new(t))).FallsBack();
        yield return Corpus.Of(ConstInOneFlattenedLoop, t => MachineCoro.Create<__ConstInOneFlattenedLoop_Machine, int>(new(t)));
        yield return Corpus.Of(LoopLocalsFreshEachIteration, t => MachineCoro.Create<__LoopLocalsFreshEachIteration_Machine, string>(new(t)));
    }

    [Coroutine]
    private static async partial Coro<int> WhileWithBreakContinue(List<string> t)
    {
        var i = 0;
        var sum = 0;
        while (i < 10)
        {
            i++;
            if (i % 2 == 0)
            {
                await Coro.Sleep(0);
                continue;
            }

            if (i > 7)
            {
                t.Add("break at " + i);
                break;
            }

            sum += await Leaf.Num(t, "i" + i, i);
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<int> DoWhileAwaitInBody(List<string> t)
    {
        var n = 0;
        do
        {
            n += await Leaf.Num(t, "do" + n, 3);
            if (n == 6)
            {
                continue;
            }

            t.Add("after " + n);
        }
        while (n < 12);

        do
        {
            await Coro.Sleep(0);
            t.Add("once");
        }
        while (false);

        return n;
    }

    [Coroutine]
    private static async partial Coro<int> ForWithAwaitInIncrementor(List<string> t)
    {
        var sum = 0;
        for (var i = 0; i < 10; i += await Leaf.Num(t, "step", 3))
        {
            sum += i;
            t.Add("i=" + i);
        }

        int j;
        for (j = 0; j < 3; j++)
        {
            await Coro.Sleep(0);
        }

        return sum * 10 + j;
    }

    [Coroutine]
    private static async partial Coro<string> ForMultipleVariables(List<string> t)
    {
        var text = "";
        for (int i = 0, k = 10; i < k; i += 3, k--)
        {
            await Coro.Sleep(0);
            text += $"({i},{k})";
        }

        for (; ; )
        {
            await Coro.Sleep(0);
            text += "!";
            if (text.Length > 20)
            {
                break;
            }
        }

        t.Add(text);
        return text;
    }

    [Coroutine]
    private static async partial Coro<int> ForeachArray(List<string> t)
    {
        var sum = 0;
        foreach (var x in new[] { 1, 2, 3, 4 })
        {
            if (x == 2)
            {
                continue;
            }

            sum += await Leaf.Num(t, "x" + x, x);
        }

        int[] empty = Array.Empty<int>();
        foreach (var x in empty)
        {
            await Coro.Sleep(0);
            sum += 1000 + x;
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<string> ForeachArrayReassignedInside(List<string> t)
    {
        // foreach captures the array once: reassigning the variable does not change the loop.
        var items = new[] { "a", "b", "c" };
        var seen = "";
        foreach (var item in items)
        {
            items = new[] { "z" };
            await Coro.Sleep(0);
            seen += item;
        }

        t.Add(seen + items[0]);
        return seen;
    }

    [Coroutine]
    private static async partial Coro<int> ForeachList(List<string> t)
    {
        var list = new List<int> { 5, 6, 7 };
        var sum = 0;
        foreach (int value in list)
        {
            await Coro.Sleep(0);
            t.Add("value " + value);
            sum += value;
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<int> ForeachListModifiedAcrossAwait(List<string> t)
    {
        var list = new List<int> { 1, 2, 3 };
        var sum = 0;
        foreach (var value in list)
        {
            await Coro.Sleep(0);
            sum += value;
            if (value == 2)
            {
                list.Add(99); // the List<T> enumerator throws on the next MoveNext
            }
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<int> ForeachPatternEnumeratorBreak(List<string> t)
    {
        var sum = 0;
        foreach (var n in new Countdown(t, 5))
        {
            await Coro.Sleep(0);
            if (n == 2)
            {
                t.Add("break");
                break;
            }

            sum += n;
        }

        t.Add("after loop");
        return sum;
    }

    [Coroutine]
    private static async partial Coro<string> ForeachStructEnumeratorWithDispose(List<string> t)
    {
        var text = "";
        foreach (var c in new Letters(t, "abc"))
        {
            await Coro.Sleep(0);
            text += char.ToUpperInvariant(c);
        }

        t.Add(text);
        return text;
    }

    [Coroutine]
    private static async partial Coro<int> ForeachIteratorDisposedOnReturn(List<string> t)
    {
        foreach (var i in Iterators.Range(t, 10))
        {
            await Coro.Sleep(0);
            if (i == 2)
            {
                t.Add("return from foreach");
                return i;
            }
        }

        return -1;
    }

    [Coroutine]
    private static async partial Coro<int> ForeachIteratorDisposedOnThrow(List<string> t)
    {
        foreach (var i in Iterators.Range(t, 10))
        {
            await Leaf.Num(t, "item" + i, i);
            if (i == 1)
            {
                throw new FormatException("thrown inside foreach");
            }
        }

        return -1;
    }

    [Coroutine]
    private static async partial Coro<string> ForeachDictionaryAndString(List<string> t)
    {
        var map = new Dictionary<string, int> { ["one"] = 1, ["two"] = 2 };
        var text = "";
        foreach (var pair in map)
        {
            await Coro.Sleep(0);
            text += pair.Key + "=" + pair.Value + ";";
        }

        foreach (var ch in "xy")
        {
            await Coro.Sleep(0);
            text += ch;
        }

        t.Add(text);
        return text;
    }

    [Coroutine]
    private static async partial Coro<string> ForeachNonGenericEnumerable(List<string> t)
    {
        var text = "";
        foreach (object o in Iterators.Objects())
        {
            await Coro.Sleep(0);
            text += o.GetType().Name + ";";
        }

        t.Add(text);
        return text;
    }

    [Coroutine]
    private static async partial Coro<long> ForeachExplicitConversion(List<string> t)
    {
        long total = 0;
        object[] boxes = { 1, 2, 3 };
        foreach (int i in boxes)
        {
            await Coro.Sleep(0);
            total += i;
        }

        foreach (byte b in new[] { 300, 2 }.Select(static x => x))
        {
            await Coro.Sleep(0);
            total += b * 1000;
        }

        return total;
    }

    [Coroutine]
    private static async partial Coro<string> NestedLoopsInnerWithoutAwait(List<string> t)
    {
        var text = "";
        for (var i = 0; i < 3; i++)
        {
            await Coro.Sleep(0);
            for (var j = 0; j < 5; j++)
            {
                if (j == 1)
                {
                    continue; // the inner loop's continue
                }

                if (j == 3)
                {
                    break; // the inner loop's break
                }

                text += $"{i}{j} ";
            }

            var k = 0;
            while (true)
            {
                if (++k > 2)
                {
                    break;
                }
            }

            if (i == 1)
            {
                continue; // the outer (flattened) loop's continue
            }

            text += $"k{k} ";
        }

        t.Add(text);
        return text;
    }

    [Coroutine]
    private static async partial Coro<string> NestedLoopsBothWithAwait(List<string> t)
    {
        var text = "";
        for (var i = 0; i < 3; i++)
        {
            foreach (var j in new[] { 0, 1, 2 })
            {
                if (j > i)
                {
                    break;
                }

                await Coro.Sleep(0);
                if (j == 1)
                {
                    continue;
                }

                text += $"{i}{j} ";
            }

            await Coro.Sleep(0);
            if (i == 0)
            {
                continue;
            }

            text += "| ";
        }

        t.Add(text);
        return text;
    }

    [Coroutine]
    private static async partial Coro<string> ContinueInsideVerbatimSwitch(List<string> t)
    {
        var text = "";
        for (var i = 0; i < 5; i++)
        {
            await Coro.Sleep(0);
            switch (i)
            {
                case 1:
                    continue; // continues the flattened for loop
                case 3:
                    break; // breaks the switch only
                default:
                    text += i;
                    break;
            }

            text += ".";
        }

        t.Add(text);
        return text;
    }

    [Coroutine]
    private static async partial Coro<int> ReturnFromNestedLoops(List<string> t)
    {
        for (var i = 0; i < 5; i++)
        {
            var j = 0;
            while (j < 5)
            {
                await Coro.Sleep(0);
                if (i * j == 6)
                {
                    t.Add($"found {i} {j}");
                    return i * 10 + j;
                }

                j++;
            }
        }

        return -1;
    }

    [Coroutine]
    private static async partial Coro<int> InfiniteLoopWithBreak(List<string> t)
    {
        var n = 1;
        while (true)
        {
            n *= await Leaf.Num(t, "times", 2);
            if (n > 20)
            {
                break;
            }
        }

        return n;
    }

    [Coroutine]
    private static async partial Coro<int> SameLocalFunctionNameInTwoLoops(List<string> t)
    {
        var sum = 0;
        for (var i = 0; i < 2; i++)
        {
            static int Scale(int x) => x * 2;
            await Coro.Sleep(0);
            sum += Scale(i);
        }

        for (var i = 0; i < 2; i++)
        {
            static int Scale(int x) => x * 100;
            await Coro.Sleep(0);
            sum += Scale(i);
        }

        return sum;
    }

    /// <summary>Found by this corpus: the constants collided in the step method (CS0128). Now rejected (CORO0009).</summary>
    [Coroutine]
    private static async partial Coro<int> SameConstNameInTwoLoops(List<string> t)
    {
        var sum = 0;
        for (var i = 0; i < 2; i++)
        {
            const int K = 2;
            await Coro.Sleep(0);
            sum += K * i;
        }

        for (var i = 0; i < 2; i++)
        {
            const int K = 100;
            await Coro.Sleep(0);
            sum += K * i;
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<int> ConstInLoopAndLocalInVerbatimBlock(List<string> t)
    {
        var sum = 0;
        for (var i = 0; i < 2; i++)
        {
            const int K = 2;
            await Coro.Sleep(0);
            sum += K * i;
        }

        {
            var K = 7;
            sum += K;
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<int> ConstInOneFlattenedLoop(List<string> t)
    {
        var sum = 0;
        for (var i = 0; i < 3; i++)
        {
            const int K = 3;
            await Coro.Sleep(0);
            sum += K * i;
        }

        return sum;
    }

    [Coroutine]
    private static async partial Coro<string> LoopLocalsFreshEachIteration(List<string> t)
    {
        var text = "";
        for (var i = 0; i < 3; i++)
        {
            int declaredNoInit;
            declaredNoInit = i * 2;
            var counter = 0;
            counter++;
            await Coro.Sleep(0);
            text += $"{declaredNoInit}:{counter} ";
        }

        t.Add(text);
        return text;
    }
}
