using System.Reflection;
using CoroGen.Tests.Infrastructure;
using CoroGen.CompilerServices;

namespace CoroGen.Tests.CompilerServices;

/// <summary>
/// The generator's machine path end to end: calls from ordinary code are intercepted into
/// struct machines, awaited coroutines are inlined into their caller's machine (recursion is
/// boxed), and steady state allocates nothing.
/// </summary>
[TestClass]
public sealed partial class GeneratedMachineTests
{
    private const int Warmup = 2_000;
    private const int Measured = 20_000;

    [Coroutine]
    private static async partial Coro<int> D0() { await Coro.Sleep(0); return 1; }

    [Coroutine]
    private static async partial Coro<int> D1() => await D0() + 1;

    [Coroutine]
    private static async partial Coro<int> D2() => await D1() + 1;

    [Coroutine]
    private static async partial Coro<int> D3() => await D2() + 1;

    [Coroutine]
    private static async partial Coro<int> D4() => await D3() + 1;

    [Coroutine]
    private static async partial Coro<int> D5() => await D4() + 1;

    [Coroutine]
    private static async partial Coro<int> D6() => await D5() + 1;

    [Coroutine]
    private static async partial Coro<int> D7() => await D6() + 1;

    [Coroutine]
    private static async partial Coro<int> D8() => await D7() + 1;

    [Coroutine]
    private static async partial Coro<int> D9() => await D8() + 1;

    [Coroutine]
    private static async partial Coro<long> ChainLoop()
    {
        var sum = 0L;
        for (var i = 0; i < Warmup; i++)
        {
            sum += await D9();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Measured; i++)
        {
            sum += await D9();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return sum == 10L * (Warmup + Measured) ? allocated : -1;
    }

    [Coroutine]
    private static async partial Coro<int> Child(int i)
    {
        await Coro.Sleep(0);
        return i;
    }

    [Coroutine]
    private static async partial Coro<long> SpawnLoop()
    {
        var sum = 0L;
        var before = 0L;
        for (var i = 0; i < Warmup + Measured; i++)
        {
            if (i == Warmup)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            sum += await Coro.Spawn(Child(i));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return sum == (long)(Warmup + Measured - 1) * (Warmup + Measured) / 2 ? allocated : -1;
    }

    [Coroutine]
    private static async partial Coro<int> Countdown(int n)
    {
        if (n == 0)
        {
            return await Leaf();
        }

        return await Countdown(n - 1) + 1;
    }

    [Coroutine]
    private static async partial Coro<int> Leaf()
    {
        await Coro.Sleep(0);
        return 0;
    }

    [Coroutine]
    private static async partial Coro<List<string>> Ordered(List<string> trace)
    {
        trace.Add("start");
        try
        {
            for (var i = 0; i < 3; i++)
            {
                await Coro.Sleep(0);
                trace.Add($"step {i}");
            }

            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException e) when (e.Message == "boom")
        {
            trace.Add("caught");
        }
        finally
        {
            trace.Add("finally");
        }

        return trace;
    }

    [Coroutine]
    private static async partial Coro<int> Thrower(int value)
    {
        await Coro.Sleep(0);
        throw new InvalidOperationException("thrown at value " + value); // ThrowerLine
    }

    [TestMethod]
    public void AnExceptionsStackTraceNamesTheUsersMethodAndLine()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => EventLoop.Run(Thrower(7)));
        var source = File.ReadAllLines(SourcePath());
        var line = Array.FindIndex(source, static l => l.Contains("// ThrowerLine", StringComparison.Ordinal)) + 1;
        StringAssert.Contains(error.StackTrace, "GeneratedMachineTests.Thrower(");
        StringAssert.Contains(error.StackTrace, $"GeneratedMachineTests.cs:line {line}");
    }

    private static string SourcePath([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    [Coroutine]
    private static async partial Coro<T> Echo<T>(T value)
    {
        await Coro.Sleep(0);
        return value;
    }

    internal partial struct Tally
    {
        private int _count;

        [Coroutine]
        public async partial Coro<int> Next()
        {
            await Coro.Sleep(0);
            return ++_count;
        }
    }

    [TestMethod]
    public void GenericCoroutinesAndStructReceiversAreInterceptedWithCSharpsCopySemantics()
    {
        var echo = Echo("text");
        Assert.IsTrue(MachineCoro.IsMachine(echo), "a closed generic call is intercepted");
        Assert.AreEqual("text", EventLoop.Run(echo));

        var tally = new Tally();
        var first = tally.Next();
        Assert.IsTrue(MachineCoro.IsMachine(first), "a call on a struct receiver is intercepted");
        Assert.AreEqual(1, EventLoop.Run(first));

        // As for any async struct method in C#, the coroutine works on a copy of the receiver.
        Assert.AreEqual(1, EventLoop.Run(tally.Next()));
    }

    private readonly string _prefix = "p:";

    [Coroutine]
    private async partial Coro<string> Named(string @this)
    {
        await Coro.Sleep(0);
        return _prefix + @this;
    }

    [TestMethod]
    public void AParameterNamedThisDoesNotCollideWithTheReceiver() =>
        Assert.AreEqual("p:x", EventLoop.Run(new GeneratedMachineTests().Named("x")));

    [TestMethod]
    public void CallsFromOrdinaryCodeRunTheMachine()
    {
        var coro = D9();
        Assert.IsTrue(MachineCoro.IsMachine(coro), "a call from a test method is intercepted into the machine path");
        Assert.AreEqual(10, EventLoop.Run(coro));
        Assert.IsTrue(LoweredMethods.IsLowered(typeof(GeneratedMachineTests), nameof(D9)), "D9's body is lowered");
    }

    [TestMethod]
    public void AwaitedCoroutinesAreInlinedIntoTheCallersMachine()
    {
        var fields = typeof(__D9_Machine).GetFields(BindingFlags.Instance | BindingFlags.NonPublic).Select(static f => f.FieldType).ToList();
        CollectionAssert.Contains(fields, typeof(__D8_Machine), "D9's machine holds D8's machine as a field");
        var countdown = typeof(__Countdown_Machine).GetFields(BindingFlags.Instance | BindingFlags.NonPublic).Select(static f => f.FieldType).ToList();
        CollectionAssert.DoesNotContain(countdown, typeof(__Countdown_Machine), "a self-recursive call is boxed");
        CollectionAssert.Contains(countdown, typeof(__Leaf_Machine), "the non-recursive callee of a recursive coroutine is still inlined");
        Assert.AreEqual(25, EventLoop.Run(Countdown(25)));
    }

    [TestMethod]
    public void ControlFlowExceptionsAndFinallyMatchTheBuilderPath()
    {
        Func<List<string>, Coro<List<string>>> builder = Ordered;
        var expected = EventLoop.Run(builder(new List<string>()));
        var actual = EventLoop.Run(Ordered(new List<string>()));
        CollectionAssert.AreEqual(expected, actual);
        CollectionAssert.AreEqual(new[] { "start", "step 0", "step 1", "step 2", "caught", "finally" }, actual);
    }

    [TestMethod]
    public void CancellingAMachineRunsItsFinallyBlocks()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var task = Coro.Spawn(Ordered(trace));
            await Coro.Sleep(0);
            await Coro.Sleep(0);
            task.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(task);
        });
        CollectionAssert.AreEqual(new[] { "start", "step 0", "finally" }, trace);
    }

    [TestMethod]
    public void ADepthTenChainAllocatesNothingPerCall() =>
        Assert.AreEqual(0L, EventLoop.Run(ChainLoop()), "bytes allocated over 20,000 awaits of a depth-10 inlined chain that suspends at the bottom");

    [TestMethod]
    public void SpawningAMachinePerIterationAllocatesNothing() =>
        Assert.AreEqual(0L, EventLoop.Run(SpawnLoop()), "bytes allocated over 20,000 spawn-and-await rounds of a machine-path coroutine");
}
