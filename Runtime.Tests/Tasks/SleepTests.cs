using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Tasks;

[TestClass]
public sealed class SleepTests
{
    [TestMethod]
    public void SleepZeroYieldsToOtherTasksInTurn()
    {
        var trace = new List<string>();
        async Coro Worker(string name)
        {
            for (var i = 0; i < 3; i++)
            {
                trace.Add($"{name}{i}");
                await Coro.Sleep(0);
            }
        }

        TestLoops.Run(async () =>
        {
            var a = Coro.Spawn(Worker("a"));
            var b = Coro.Spawn(Worker("b"));
            await a;
            await b;
        });
        CollectionAssert.AreEqual(new[] { "a0", "b0", "a1", "b1", "a2", "b2" }, trace);
    }

    [TestMethod]
    public void SleepWaitsExactlyOnTheVirtualClock()
    {
        var loop = TestLoops.Virtual(out var clock);
        async Coro<double> Main()
        {
            var start = EventLoop.GetRunningLoop().Time;
            await Coro.Sleep(2.5);
            await Coro.Sleep(TimeSpan.FromMilliseconds(500));
            return EventLoop.GetRunningLoop().Time - start;
        }

        using (loop)
        {
            Assert.AreEqual(3.0, loop.RunUntilComplete(Main()), 1e-9);
            Assert.AreEqual(TimeSpan.FromSeconds(3), clock.Now);
        }
    }

    [TestMethod]
    public void SleepersWakeInDeadlineOrder()
    {
        var trace = new List<int>();
        async Coro Sleeper(int seconds)
        {
            await Coro.Sleep(seconds);
            trace.Add(seconds);
        }

        TestLoops.Run(async () => await Coro.Gather(Sleeper(3), Sleeper(1), Sleeper(2)));
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, trace);
    }

    [TestMethod]
    public void SleepRejectsNaN()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => Coro.Sleep(double.NaN));
        StringAssert.Contains(error.Message, "NaN");
    }

    [TestMethod]
    public void AnAlwaysYieldingSleepOutsideATaskSaysWhatToDo()
    {
        var awaiter = Coro.Sleep(0).GetAwaiter();
        Assert.IsFalse(awaiter.IsCompleted);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => awaiter.UnsafeOnCompleted(() => { }));
        StringAssert.Contains(error.Message, "EventLoop.Run");
    }

    [TestMethod]
    public void CancellingASleeperTwiceCountsItsTimerEntryOnce()
    {
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            async Coro Sleeper() => await Coro.Sleep(100);
            var sleepers = Enumerable.Range(0, 10).Select(_ => Coro.Spawn(Sleeper())).ToArray();
            await Coro.Sleep(0);
            foreach (var sleeper in sleepers)
            {
                sleeper.Cancel();
                sleeper.Cancel();
            }

            Assert.AreEqual(10, loop.DeadTimerCount);
            Assert.IsGreaterThanOrEqualTo(loop.DeadTimerCount, loop.TimerCount);
            foreach (var sleeper in sleepers)
            {
                await CoroTests.AssertThrows<CancelledError>(sleeper);
            }

            async Coro ShortSleeper() => await Coro.Sleep(1);
            var woken = Coro.Spawn(ShortSleeper());
            await Coro.Sleep(0);
            loop.CallLater(TimeSpan.FromSeconds(1), () => woken.Cancel());
            await Coro.Sleep(2);
            Assert.AreEqual(10, loop.DeadTimerCount, "a timer that already fired is not counted dead when its task is cancelled before it runs");
        });
    }
}
