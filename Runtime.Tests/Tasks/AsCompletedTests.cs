using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Tasks;

[TestClass]
public sealed class AsCompletedTests
{
    private static async Coro<int> After(double seconds, int value)
    {
        await Coro.Sleep(seconds);
        return value;
    }

    [TestMethod]
    public void YieldsTheOriginalTasksInCompletionOrder()
    {
        var order = TestLoops.Run(async () =>
        {
            var tasks = new[] { Coro.Spawn(After(3, 3)), Coro.Spawn(After(1, 1)), Coro.Spawn(After(2, 2)) };
            var seen = new List<int>();
            await foreach (var task in Coro.AsCompleted(tasks))
            {
                Assert.IsTrue(tasks.Contains(task), "the original handles are yielded");
                seen.Add(await task);
            }

            return seen;
        });
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, order);
    }

    [TestMethod]
    public void ATimeoutRaisesFromTheIteration()
    {
        TestLoops.Run(async () =>
        {
            var tasks = new[] { Coro.Spawn(After(1, 1)), Coro.Spawn(After(10, 2)) };
            var seen = new List<int>();
            async Coro Iterate()
            {
                await foreach (var task in Coro.AsCompleted(tasks, TimeSpan.FromSeconds(2)))
                {
                    seen.Add(await task);
                }
            }

            await CoroTests.AssertThrows<TimeoutException>(Coro.Spawn(Iterate()));
            CollectionAssert.AreEqual(new[] { 1 }, seen);
            tasks[1].Cancel();
        });
    }
}
