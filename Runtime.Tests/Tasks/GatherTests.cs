using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Tasks;

[TestClass]
public sealed class GatherTests
{
    private static async Coro<int> After(double seconds, int value, List<int>? trace = null)
    {
        await Coro.Sleep(seconds);
        trace?.Add(value);
        return value;
    }

    private static async Coro<int> FailAfter(double seconds, string message)
    {
        await Coro.Sleep(seconds);
        throw new FormatException(message);
    }

    [TestMethod]
    public void ResultsComeBackInArgumentOrder()
    {
        var trace = new List<int>();
        var results = TestLoops.Run(() => Coro.Gather(After(3, 1, trace), After(1, 2, trace), After(2, 3, trace)));
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, results);
        CollectionAssert.AreEqual(new[] { 2, 3, 1 }, trace, "the children ran concurrently");
    }

    [TestMethod]
    public void TheFirstErrorPropagatesAtOnceAndTheOthersKeepRunning()
    {
        var trace = new List<int>();
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var start = loop.Time;
            try
            {
                await Coro.Gather(After(5, 1, trace), FailAfter(1, "first"), FailAfter(2, "second"));
                Assert.Fail("gather must raise");
            }
            catch (FormatException e)
            {
                Assert.AreEqual("first", e.Message);
                Assert.AreEqual(1.0, loop.Time - start, 1e-9, "raised as soon as the first child failed");
            }

            await Coro.Sleep(10);
            CollectionAssert.AreEqual(new[] { 1 }, trace, "the other children were not cancelled");
        });
    }

    [TestMethod]
    public void GatherOutcomesReturnsValuesAndExceptionsSideBySide()
    {
        var outcomes = TestLoops.Run(() => Coro.GatherOutcomes(After(1, 1), FailAfter(2, "x"), After(3, 3)));
        Assert.AreEqual(3, outcomes.Length);
        Assert.IsTrue(outcomes[0].Succeeded);
        Assert.AreEqual(1, outcomes[0].Value);
        Assert.IsInstanceOfType<FormatException>(outcomes[1].Exception);
        Assert.AreEqual(3, outcomes[2].Value);
    }

    [TestMethod]
    public void CancellingTheGatherCancelsEveryChild()
    {
        var cancelled = new List<int>();
        async Coro<int> Child(int id)
        {
            try
            {
                await Coro.Sleep(100);
                return id;
            }
            catch (CancelledError)
            {
                cancelled.Add(id);
                throw;
            }
        }

        TestLoops.Run(async () =>
        {
            var gather = Coro.Spawn(Coro.Gather(Child(1), Child(2), Child(3)));
            await Coro.Sleep(1);
            gather.Cancel();
            await CoroTests.AssertThrows<CancelledError>(gather);
        });
        CollectionAssert.AreEquivalent(new[] { 1, 2, 3 }, cancelled);
    }

    [TestMethod]
    public void ACancelledChildRaisesCancelledErrorFromGather()
    {
        TestLoops.Run(async () =>
        {
            var child = Coro.Spawn(After(10, 1));
            var other = Coro.Spawn(After(1, 2));
            EventLoop.GetRunningLoop().CallLater(TimeSpan.FromSeconds(2), () => child.Cancel());
            var gathering = Coro.Spawn(Coro.Gather(child, other));
            await CoroTests.AssertThrows<CancelledError>(gathering);
        });
    }

    [TestMethod]
    public void GatherOfVoidCoroutinesAndOfTasks()
    {
        var trace = new List<string>();
        async Coro Step(string name, double seconds)
        {
            await Coro.Sleep(seconds);
            trace.Add(name);
        }

        TestLoops.Run(async () =>
        {
            await Coro.Gather(Step("b", 2), Step("a", 1));
            var tasks = new[] { Coro.Spawn(After(1, 10)), Coro.Spawn(After(0, 20)) };
            CollectionAssert.AreEqual(new[] { 10, 20 }, await Coro.Gather(tasks));
            Assert.AreEqual(10, tasks[0].Result, "gathering tasks does not consume the caller's handles");
            var outcomes = await Coro.GatherOutcomes(Coro.Spawn(After(0, 5)));
            Assert.AreEqual(5, outcomes[0].Value);
        });
        CollectionAssert.AreEqual(new[] { "a", "b" }, trace);
    }

    [TestMethod]
    public void GatheringATaskThatAnotherTaskAlsoAwaitsStillReadsItsResult()
    {
        TestLoops.Run(async () =>
        {
            var shared = Coro.Spawn(After(1, 7));
            async Coro<int> Other() => await shared;
            var other = Coro.Spawn(Other());
            await Coro.Sleep(0);
            CollectionAssert.AreEqual(new[] { 7 }, await Coro.Gather(shared));
            Assert.AreEqual(7, await other);

            var again = Coro.Spawn(After(1, 8));
            async Coro<int> Reader() => await again;
            var reader = Coro.Spawn(Reader());
            await Coro.Sleep(0);
            var (done, pending) = await Coro.Wait([again]);
            Assert.AreEqual(1, done.Count);
            Assert.AreEqual(0, pending.Count);
            Assert.AreEqual(8, await reader);
        });
    }

    [TestMethod]
    public void GatherOfUntypedTasksWaitsForAllAndRaisesTheFirstFailure()
    {
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var start = loop.Time;
            CoroTask[] tasks = [Coro.Spawn(After(2, 1)), Coro.Spawn(After(1, 2))];
            await Coro.Gather(tasks);
            Assert.AreEqual(2.0, loop.Time - start, 1e-9);
            Assert.IsTrue(tasks.All(t => t.Done));

            CoroTask[] failing = [Coro.Spawn(After(5, 1)), Coro.Spawn(FailAfter(1, "untyped"))];
            var error = await CoroTests.AssertThrows<FormatException>(Coro.Spawn(Coro.Gather(failing)));
            Assert.AreEqual("untyped", error.Message);
            failing[0].Cancel();
        });
    }
}
