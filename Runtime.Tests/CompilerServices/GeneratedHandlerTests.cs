using CoroGen.CompilerServices;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.CompilerServices;

/// <summary>
/// Machine-path lowering of awaits in exception handlers, async disposal and enumeration, and
/// short-circuiting operators, each checked against the builder path (the C# compiler's own
/// lowering) on the same program.
/// </summary>
[TestClass]
public sealed partial class GeneratedHandlerTests
{
    private static async Coro Step(List<string> trace, string what)
    {
        await Coro.Sleep(0);
        trace.Add(what);
    }

    private static async Coro<bool> Flag(List<string> trace, string what, bool value)
    {
        await Coro.Sleep(0);
        trace.Add(what);
        return value;
    }

    private sealed class AsyncResource(List<string> trace, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Task.Yield();
            trace.Add("dispose " + name);
        }
    }

    private static async IAsyncEnumerable<int> Numbers(List<string> trace, int count)
    {
        try
        {
            for (var i = 0; i < count; i++)
            {
                await Task.Yield();
                yield return i;
            }
        }
        finally
        {
            trace.Add("enumerator disposed");
        }
    }

    [Coroutine]
    private static async partial Coro<int> AwaitInCatch(List<string> trace, bool fail)
    {
        try
        {
            await Step(trace, "try");
            if (fail)
            {
                throw new InvalidOperationException("first");
            }
        }
        catch (InvalidOperationException e) when (e.Message == "first")
        {
            await Step(trace, "handler saw " + e.Message);
            try
            {
                await Step(trace, "inner");
                throw;
            }
            catch (InvalidOperationException again)
            {
                await Step(trace, "rethrown " + again.Message);
            }
        }

        return trace.Count;
    }

    [Coroutine]
    private static async partial Coro<int> AwaitInFinally(List<string> trace)
    {
        var total = 0;
        for (var i = 0; i < 5; i++)
        {
            try
            {
                await Step(trace, "body " + i);
                if (i == 1)
                {
                    continue;
                }

                if (i == 3)
                {
                    break;
                }

                total += i;
            }
            finally
            {
                await Step(trace, "finally " + i);
            }
        }

        try
        {
            try
            {
                await Step(trace, "inner body");
                return total;
            }
            finally
            {
                await Step(trace, "inner finally");
            }
        }
        finally
        {
            await Step(trace, "outer finally");
        }
    }

    [Coroutine]
    private static async partial Coro<string> FinallyAfterThrow(List<string> trace)
    {
        try
        {
            try
            {
                await Step(trace, "before throw");
                throw new ArgumentException("boom");
            }
            finally
            {
                await Step(trace, "finally runs");
            }
        }
        catch (ArgumentException e)
        {
            trace.Add("caught " + e.Message);
            return e.Message;
        }
    }

    [Coroutine]
    private static async partial Coro<int> AwaitUsingAndForeach(List<string> trace)
    {
        await using (var outer = new AsyncResource(trace, "outer"))
        {
            await using var inner = new AsyncResource(trace, "inner");
            var sum = 0;
            await foreach (var n in Numbers(trace, 10))
            {
                trace.Add("item " + n);
                if (n == 3)
                {
                    break;
                }

                sum += n;
            }

            return sum;
        }
    }

    [Coroutine]
    private static async partial Coro<string> ShortCircuits(List<string> trace, bool a, string? maybe)
    {
        var and = a && await Flag(trace, "and-right", true);
        var or = a || await Flag(trace, "or-right", false);
        var pick = a ? await Flag(trace, "then", true) : await Flag(trace, "else", false);
        var name = maybe ?? (await Flag(trace, "coalesce", true) ? "fallback" : "none");
        if (await Flag(trace, "cond-left", a) && await Flag(trace, "cond-right", true))
        {
            trace.Add("both");
        }

        return $"{and} {or} {pick} {name}";
    }

    [Coroutine]
    private static async partial Coro<string> SwitchArms(List<string> trace, object value)
    {
        var text = value switch
        {
            0 => "zero",
            int n when n > 0 => "positive " + await Flag(trace, "positive arm", true),
            string s => s + await Flag(trace, "string arm", false),
            var other => other.GetType().Name + " " + (await Flag(trace, "other arm", true)),
        };
        return text + " " + (value is long ? await Flag(trace, "long", true) switch { true => "yes", false => "no" } : "-");
    }

    private sealed class Settings
    {
        public int Port { get; set; }

        public string Host = "";

        public Dictionary<string, bool> Flags { get; } = new();
    }

    private static string Note(List<string> trace, string what)
    {
        trace.Add(what);
        return what;
    }

    [Coroutine]
    private static async partial Coro<string> Initializers(List<string> trace)
    {
        var settings = new Settings
        {
            Host = Note(trace, "host"),
            Port = await Flag(trace, "port", true) ? 80 : 0,
        };
        var list = new List<string> { Note(trace, "first"), await Flag(trace, "second", true) ? "yes" : "no" };
        var map = new Dictionary<string, int> { [Note(trace, "key")] = (await Flag(trace, "value", true)) ? 1 : 0 };
        var more = new Dictionary<string, int> { { Note(trace, "k2"), await Flag(trace, "v2", false) ? 2 : 3 } };
        map[more.Keys.Single()] = more.Values.Single();
        return $"{settings.Host}:{settings.Port} {string.Join(",", list)} {string.Join(",", map.Select(static p => p.Key + "=" + p.Value))}";
    }

    [Coroutine]
    private static async partial Coro<int> Retry(List<string> trace, int failures)
    {
        var attempts = 0;
    again:
        attempts++;
        await Step(trace, "attempt " + attempts);
        if (attempts <= failures)
        {
            goto again;
        }

        for (var i = 0; i < 3; i++)
        {
            await Step(trace, "i " + i);
            if (i == 1)
            {
                goto done;
            }
        }

        trace.Add("not reached");
    done:
        return attempts;
    }

    private static void AssertSamePaths<T>(Func<List<string>, Coro<T>> builder, Func<List<string>, Coro<T>> machine, out List<string> trace)
    {
        var builderTrace = new List<string>();
        var builderResult = Outcome(() => TestLoops.Run(async () => await builder(builderTrace)));
        trace = new List<string>();
        var machineTrace = trace;
        var machineResult = Outcome(() => TestLoops.Run(async () =>
        {
            var coro = machine(machineTrace);
            Assert.IsTrue(MachineCoro.IsMachine(coro), "the direct call runs the machine path");
            return await coro;
        }));
        CollectionAssert.AreEqual(builderTrace, machineTrace, "trace: builder [" + string.Join(" ", builderTrace) + "] machine [" + string.Join(" ", machineTrace) + "]");
        Assert.AreEqual(builderResult, machineResult, "outcome");
    }

    private static string Outcome<T>(Func<T> run)
    {
        try
        {
            return "result " + run();
        }
        catch (Exception e)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    [TestMethod]
    public void AwaitsInCatchBlocksAndRethrow()
    {
        AssertSamePaths(t => ((Func<List<string>, bool, Coro<int>>)AwaitInCatch)(t, true), t => AwaitInCatch(t, true), out var trace);
        CollectionAssert.AreEqual(new[] { "try", "handler saw first", "inner", "rethrown first" }, trace);
        AssertSamePaths(t => ((Func<List<string>, bool, Coro<int>>)AwaitInCatch)(t, false), t => AwaitInCatch(t, false), out _);
    }

    [TestMethod]
    public void AwaitsInFinallyBlocksWithBreakContinueAndReturn()
    {
        AssertSamePaths(t => ((Func<List<string>, Coro<int>>)AwaitInFinally)(t), t => AwaitInFinally(t), out var trace);
        CollectionAssert.AreEqual(
            new[] { "body 0", "finally 0", "body 1", "finally 1", "body 2", "finally 2", "body 3", "finally 3", "inner body", "inner finally", "outer finally" },
            trace);
    }

    [TestMethod]
    public void AnExceptionWaitsForAnAwaitingFinally()
    {
        AssertSamePaths(t => ((Func<List<string>, Coro<string>>)FinallyAfterThrow)(t), t => FinallyAfterThrow(t), out var trace);
        CollectionAssert.AreEqual(new[] { "before throw", "finally runs", "caught boom" }, trace);
    }

    [TestMethod]
    public void AwaitUsingAndAwaitForeachDisposeInOrder()
    {
        AssertSamePaths(t => ((Func<List<string>, Coro<int>>)AwaitUsingAndForeach)(t), t => AwaitUsingAndForeach(t), out var trace);
        CollectionAssert.AreEqual(
            new[] { "item 0", "item 1", "item 2", "item 3", "enumerator disposed", "dispose inner", "dispose outer" },
            trace);
    }

    [TestMethod]
    public void AwaitsUnderShortCircuitingOperatorsRunOnlyWhenCSharpWould()
    {
        foreach (var (a, maybe) in new[] { (true, (string?)"given"), (false, null), (true, null), (false, "x") })
        {
            AssertSamePaths(
                t => ((Func<List<string>, bool, string?, Coro<string>>)ShortCircuits)(t, a, maybe),
                t => ShortCircuits(t, a, maybe),
                out _);
        }
    }

    [TestMethod]
    public void SwitchExpressionArmsEvaluateOnlyTheMatchingArm()
    {
        foreach (var value in new object[] { 0, 5, -5, "s", 7L })
        {
            AssertSamePaths(
                t => ((Func<List<string>, object, Coro<string>>)SwitchArms)(t, value),
                t => SwitchArms(t, value),
                out _);
        }

        Assert.IsTrue(LoweredMethods.IsLowered(typeof(GeneratedHandlerTests), nameof(SwitchArms)));
    }

    [TestMethod]
    public void ObjectAndCollectionInitializersWithAwaitsKeepCSharpsOrder()
    {
        AssertSamePaths(t => ((Func<List<string>, Coro<string>>)Initializers)(t), t => Initializers(t), out var trace);
        CollectionAssert.AreEqual(new[] { "host", "port", "first", "second", "key", "value", "k2", "v2" }, trace);
        Assert.IsTrue(LoweredMethods.IsLowered(typeof(GeneratedHandlerTests), nameof(Initializers)));
    }

    [TestMethod]
    public void GotoForwardAndBackwardAcrossAwaits()
    {
        AssertSamePaths(t => ((Func<List<string>, int, Coro<int>>)Retry)(t, 2), t => Retry(t, 2), out var trace);
        CollectionAssert.AreEqual(new[] { "attempt 1", "attempt 2", "attempt 3", "i 0", "i 1" }, trace);
        Assert.IsTrue(LoweredMethods.IsLowered(typeof(GeneratedHandlerTests), nameof(Retry)));
    }

    [TestMethod]
    public void CancellationDuringAnAwaitingFinallyStillFinishesIt()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var task = Coro.Spawn(AwaitInFinally(trace));
            await Coro.Sleep(0);
            task.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(task);
        });

        // Cancelled at the first body await: the finally (which itself awaits) still runs, then the cancellation propagates.
        CollectionAssert.AreEqual(new[] { "finally 0" }, trace);
    }
}
