using CoroGen.CompilerServices;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.CompilerServices;

/// <summary>
/// Lambdas that capture a coroutine's locals and parameters on the machine path: the captured
/// variables live in a closure shared by the machine and the lambdas, as C#'s display class is
/// shared by a method and its lambdas, so writes on either side are seen by the other.
/// </summary>
[TestClass]
public sealed partial class GeneratedClosureTests
{
    private readonly List<string> _log = new();

    private int _instanceCounter;

    [Coroutine]
    private static async partial Coro<string> Captures(int start, List<string> trace)
    {
        var total = start;
        Func<int, int> add = n => total += n;
        await Coro.Sleep(0);
        add(5);
        trace.Add("after add " + total);
        total *= 2;
        await TaskGroup.Run(async group =>
        {
            _ = group.Spawn(Bump());
            await Coro.Sleep(0);
            trace.Add("in group " + total);
            start = -1;

            async Coro Bump()
            {
                await Coro.Sleep(0);
                total++;
            }
        });

        return $"{total} {start}";
    }

    [Coroutine]
    private async partial Coro<int> InstanceCaptures(int times)
    {
        var seen = 0;
        await TaskGroup.Run(async group =>
        {
            for (var i = 0; i < times; i++)
            {
                await Coro.Sleep(0);
                _instanceCounter++;
                seen++;
                Record("tick " + seen);
            }
        });

        return seen + _instanceCounter;
    }

    private void Record(string what) => _log.Add(what);

    [Coroutine]
    private static async partial Coro<int> CapturesALoopVariable(List<Func<int>> sink)
    {
        for (var i = 0; i < 3; i++)
        {
            var copy = i;
            sink.Add(() => copy);
            await Coro.Sleep(0);
        }

        return sink.Sum(static f => f());
    }

    [TestMethod]
    public void CapturedLocalsAndParametersAreSharedWithTheLambdas()
    {
        var builderTrace = new List<string>();
        Func<int, List<string>, Coro<string>> builder = Captures;
        var expected = TestLoops.Run(async () => await builder(3, builderTrace));

        var trace = new List<string>();
        var coro = Captures(3, trace);
        Assert.IsTrue(MachineCoro.IsMachine(coro));
        Assert.IsTrue(LoweredMethods.IsLowered(typeof(GeneratedClosureTests), nameof(Captures)), "a capturing lambda no longer forces the builder path");
        var actual = TestLoops.Run(async () => await coro);

        Assert.AreEqual(expected, actual);
        CollectionAssert.AreEqual(builderTrace, trace);
        Assert.AreEqual("17 -1", actual);
    }

    [TestMethod]
    public void LambdasOfAnInstanceCoroutineReachItsMembers()
    {
        var machine = new GeneratedClosureTests();
        Assert.AreEqual(6, TestLoops.Run(async () => await machine.InstanceCaptures(3)));
        CollectionAssert.AreEqual(new[] { "tick 1", "tick 2", "tick 3" }, machine._log);
        Assert.IsTrue(LoweredMethods.IsLowered(typeof(GeneratedClosureTests), nameof(InstanceCaptures)));
    }

    [TestMethod]
    public void AVariablePerIterationKeepsTheBuilderPathAndItsSemantics()
    {
        Assert.AreEqual(3, TestLoops.Run(async () => await CapturesALoopVariable(new List<Func<int>>())), "each lambda saw its own iteration's variable");
        Assert.IsFalse(LoweredMethods.IsLowered(typeof(GeneratedClosureTests), nameof(CapturesALoopVariable)), "CORO0009: one closure per machine cannot give each iteration its own variable");
    }
}
