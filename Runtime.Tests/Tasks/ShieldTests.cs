using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Tasks;

[TestClass]
public sealed class ShieldTests
{
    private static async Coro YieldOnce() => await Coro.Sleep(0);

    private static async Coro<int> After(double seconds, int value)
    {
        await Coro.Sleep(seconds);
        return value;
    }

    [TestMethod]
    public void CancellingTheAwaiterLeavesTheShieldedTaskRunning()
    {
        TestLoops.Run(async () =>
        {
            var inner = Coro.Spawn(After(5, 42));
            async Coro<int> Waiter() => await Coro.Shield(inner);
            var waiter = Coro.Spawn(Waiter());
            await Coro.Sleep(1);
            waiter.Cancel();
            await CoroTests.AssertThrows<CancelledError>(waiter);
            Assert.IsFalse(inner.Done, "the shielded task keeps running");
            Assert.AreEqual(42, await inner);
        });
    }

    [TestMethod]
    public void AShieldPassesResultsAndErrorsThrough()
    {
        async Coro<int> Fails()
        {
            await Coro.Sleep(0);
            throw new FormatException("inner");
        }

        TestLoops.Run(async () =>
        {
            Assert.AreEqual(7, await Coro.Shield(After(1, 7)));
            var error = await CoroTests.AssertThrows<FormatException>(Coro.Spawn(Coro.Shield(Fails())));
            Assert.AreEqual("inner", error.Message);
            await Coro.Shield(Coro.Spawn(YieldOnce()));
        });
    }

    [TestMethod]
    public void CancellingTheShieldedTaskCancelsTheShield()
    {
        TestLoops.Run(async () =>
        {
            var inner = Coro.Spawn(After(5, 1));
            var waiter = Coro.Spawn(Coro.Shield(inner));
            await Coro.Sleep(1);
            inner.Cancel();
            await CoroTests.AssertThrows<CancelledError>(waiter);
        });
    }
}
