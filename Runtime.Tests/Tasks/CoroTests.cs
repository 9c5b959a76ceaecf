using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Tasks;

[TestClass]
public sealed partial class CoroTests
{
    private static int s_bodyRuns;

    [Coroutine]
    private static async partial Coro<int> CountedBody(int value)
    {
        s_bodyRuns++;
        await Coro.Sleep(0);
        return value;
    }

    [Coroutine]
    private static async partial Coro<int> Thrower()
    {
        await Coro.Sleep(0);
        throw new FormatException("deep");
    }

    [Coroutine]
    private static async partial Coro<int> Middle() => await Thrower() + 1;

    [TestMethod]
    public void CallingACoroutineRunsNothingUntilItIsAwaited()
    {
        TestLoops.Run(async () =>
        {
            s_bodyRuns = 0;
            var coro = CountedBody(5);
            await Coro.Sleep(0);
            Assert.AreEqual(0, s_bodyRuns, "a coroutine is cold until awaited");
            Assert.AreEqual(5, await coro);
            Assert.AreEqual(1, s_bodyRuns);
        });
    }

    [TestMethod]
    public void ASpawnedCoroutineStartsOnALaterIteration()
    {
        TestLoops.Run(async () =>
        {
            s_bodyRuns = 0;
            var task = Coro.Spawn(CountedBody(1));
            Assert.AreEqual(0, s_bodyRuns, "spawning schedules the first step; it does not run inline");
            await Coro.Sleep(0);
            Assert.AreEqual(1, s_bodyRuns);
            Assert.AreEqual(1, await task);
        });
    }

    [TestMethod]
    public void AwaitingACoroTwiceIsAClearError()
    {
        TestLoops.Run(async () =>
        {
            var coro = CountedBody(3);
            Assert.AreEqual(3, await coro);
            var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(async () => await RunAgain(coro));
            StringAssert.Contains(error.Message, "already awaited");
        });

        static async Task RunAgain(Coro<int> coro)
        {
            await Task.Yield();
            _ = coro.GetAwaiter();
        }
    }

    [TestMethod]
    public void SpawningAnAwaitedCoroFailsTheTaskWithAClearError()
    {
        TestLoops.Run(async () =>
        {
            var coro = CountedBody(3);
            await coro;
            var task = Coro.Spawn(coro);
            var error = await AssertThrows<InvalidOperationException>(task);
            StringAssert.Contains(error.Message, "already awaited or spawned");
        });
    }

    [TestMethod]
    public void ExceptionsPropagateThroughAwaitsWithTheirStackTrace()
    {
        var error = Assert.ThrowsExactly<FormatException>(() => TestLoops.Run(Middle));
        Assert.AreEqual("deep", error.Message);
        StringAssert.Contains(error.StackTrace, nameof(Thrower));
        StringAssert.Contains(error.StackTrace, nameof(Middle));
    }

    [TestMethod]
    public void DefaultAndCompletedCorosNeedNoLoop()
    {
        Coro completed = default;
        Assert.IsTrue(completed.GetAwaiter().IsCompleted);
        Assert.AreEqual(9, Coro.FromResult(9).GetAwaiter().GetResult());
        Assert.IsTrue(Coro.CompletedCoro.GetAwaiter().IsCompleted);
    }

    [TestMethod]
    public void AwaitingOutsideATaskIsAClearError()
    {
        // The builder path fails when the result is read, the machine path as soon as the body
        // starts (its step needs the running task): the same error either way.
        var coro = CountedBody(1);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => coro.GetAwaiter().GetResult());
        StringAssert.Contains(error.Message, "outside a running CoroGen task");
    }

    [TestMethod]
    public void AwaitingADotNetTaskResumesOnTheLoopThread()
    {
        var result = EventLoop.Run(Main());
        Assert.AreEqual(result.Before, result.After);
        Assert.AreEqual(11, result.Value);

        static async Coro<(int Before, int After, int Value)> Main()
        {
            var before = Environment.CurrentManagedThreadId;
            await Task.Delay(20);
            var value = await Task.Run(() => 11);
            var fromValueTask = await new ValueTask<int>(Task.Run(() => 0));
            return (before, Environment.CurrentManagedThreadId, value + fromValueTask);
        }
    }

    [TestMethod]
    public void AFaultedDotNetTaskRaisesInTheCoroutine()
    {
        async Coro Main()
        {
            await Task.Run(() => throw new FormatException("from task"));
        }

        var error = Assert.ThrowsExactly<FormatException>(() => EventLoop.Run(Main()));
        Assert.AreEqual("from task", error.Message);
    }

    [TestMethod]
    public void FutureFromTaskCompletesOnTheLoop()
    {
        async Coro<int> Main()
        {
            var future = Future.FromTask(Task.Run(() => 3));
            var plain = Future.FromTask(Task.Delay(1));
            return await future + (await plain ? 1 : 0);
        }

        Assert.AreEqual(4, EventLoop.Run(Main()));
    }

    internal static async Coro<TException> AssertThrows<TException>(CoroTask task)
        where TException : Exception
    {
        try
        {
            await task;
        }
        catch (TException e)
        {
            return e;
        }

        Assert.Fail($"Expected {typeof(TException).Name}.");
        return null!;
    }
}
