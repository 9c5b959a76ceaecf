using CoroGen.Sync;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Sync;

[TestClass]
public sealed class EventTests
{
    [TestMethod]
    public void SetWakesEveryWaiterAndClearResets()
    {
        TestLoops.Run(async () =>
        {
            var ready = new AsyncEvent();
            var woken = 0;
            async Coro Waiter()
            {
                Assert.IsTrue(await ready.Wait());
                woken++;
            }

            var waiters = new[] { Coro.Spawn(Waiter()), Coro.Spawn(Waiter()), Coro.Spawn(Waiter()) };
            await Coro.Sleep(0);
            Assert.AreEqual(0, woken);
            ready.Set();
            ready.Clear();
            foreach (var waiter in waiters)
            {
                await waiter;
            }

            Assert.AreEqual(3, woken, "waiters woken by Set return even if the event is cleared before they run");
            Assert.IsFalse(ready.IsSet);
            ready.Set();
            Assert.IsTrue(await ready.Wait(), "a set event does not block");
        });
    }

    [TestMethod]
    public void ACancelledWaiterRaisesAndOthersStillWake()
    {
        TestLoops.Run(async () =>
        {
            var ready = new AsyncEvent();
            async Coro<bool> Waiter() => await ready.Wait();
            var cancelled = Coro.Spawn(Waiter());
            var other = Coro.Spawn(Waiter());
            await Coro.Sleep(0);
            cancelled.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(cancelled);
            ready.Set();
            Assert.IsTrue(await other);
        });
    }
}
