using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Tasks;

[TestClass]
public sealed class TaskGroupTests
{
    private static async Coro<int> After(double seconds, int value, List<string>? trace = null)
    {
        try
        {
            await Coro.Sleep(seconds);
            trace?.Add($"done {value}");
            return value;
        }
        catch (CancelledError)
        {
            trace?.Add($"cancelled {value}");
            throw;
        }
    }

    private static async Coro<int> FailAfter(double seconds, string message)
    {
        await Coro.Sleep(seconds);
        throw new FormatException(message);
    }

    [TestMethod]
    public void TheGroupEndsWhenEveryChildHasFinished()
    {
        var trace = new List<string>();
        var result = TestLoops.Run(() => TaskGroup.Run(async group =>
        {
            var a = group.Spawn(After(2, 1, trace));
            var b = group.Spawn(After(1, 2, trace));
            await Coro.Sleep(0);
            trace.Add("body done");
            return (a, b);
        }));
        CollectionAssert.AreEqual(new[] { "body done", "done 2", "done 1" }, trace);
        Assert.AreEqual(1, result.a.Result);
        Assert.AreEqual(2, result.b.Result);
    }

    [TestMethod]
    public void TheFirstFailureCancelsTheOthersAndTheBodyAndAllErrorsSurfaceTogether()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            try
            {
                await TaskGroup.Run(async group =>
                {
                    _ = group.Spawn(After(10, 1, trace));
                    _ = group.Spawn(FailAfter(1, "first"));
                    _ = group.Spawn(FailAfter(1, "second"));
                    try
                    {
                        await Coro.Sleep(100);
                        trace.Add("body not interrupted");
                    }
                    catch (CancelledError)
                    {
                        trace.Add("body cancelled");
                        throw;
                    }
                });
                Assert.Fail("the group must raise");
            }
            catch (TaskGroupException e)
            {
                CollectionAssert.AreEquivalent(new[] { "first", "second" }, e.InnerExceptions.Select(x => x.Message).ToList());
            }

            Assert.AreEqual(0, Coro.CurrentTask!.Value.Cancelling(), "the group withdrew the cancellation it made");
        });
        CollectionAssert.Contains(trace, "cancelled 1");
        CollectionAssert.Contains(trace, "body cancelled");
    }

    [TestMethod]
    public void ABodyErrorCancelsTheChildrenAndIsIncluded()
    {
        var trace = new List<string>();
        var error = Assert.ThrowsExactly<TaskGroupException>(() => TestLoops.Run(() => TaskGroup.Run(async group =>
        {
            _ = group.Spawn(After(10, 1, trace));
            await Coro.Sleep(1);
            throw new FormatException("body");
        })));
        Assert.AreEqual("body", error.InnerExceptions.Single().Message);
        CollectionAssert.AreEqual(new[] { "cancelled 1" }, trace);
    }

    [TestMethod]
    public void AnOutsideCancellationCancelsTheChildrenAndPropagates()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var owner = Coro.Spawn(TaskGroup.Run(async group =>
            {
                _ = group.Spawn(After(10, 1, trace));
                _ = group.Spawn(After(10, 2, trace));
                await Coro.Sleep(100);
            }));
            await Coro.Sleep(1);
            owner.Cancel();
            await CoroTests.AssertThrows<CancelledError>(owner);
        });
        CollectionAssert.AreEquivalent(new[] { "cancelled 1", "cancelled 2" }, trace);
    }

    [TestMethod]
    public void ChildrenCanBeAddedUntilTheLastFinishesButNotAfter()
    {
        TestLoops.Run(async () =>
        {
            TaskGroup? kept = null;
            await TaskGroup.Run(async group =>
            {
                kept = group;
                async Coro Spawner()
                {
                    await Coro.Sleep(1);
                    _ = group.Spawn(After(1, 2));
                }

                _ = group.Spawn(Spawner());
                await Coro.Sleep(0);
            });
            var error = Assert.ThrowsExactly<InvalidOperationException>(() => kept!.Spawn(After(0, 1)));
            StringAssert.Contains(error.Message, "finished");
        });
    }

    [TestMethod]
    public void AChildInAReusedBoxIsStillWaitedFor()
    {
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var start = loop.Time;
            CoroTask<int> second = default;
            await TaskGroup.Run(async group =>
            {
                var first = group.Spawn(After(0, 1));
                await Coro.Sleep(0);
                await first;
                second = group.Spawn(After(1, 2));
                await Coro.Sleep(0);
            });
            Assert.AreEqual(1.0, loop.Time - start, 1e-9, "the group waited for the child spawned into the recycled box");
            Assert.IsTrue(second.Done);
        });
    }
}
