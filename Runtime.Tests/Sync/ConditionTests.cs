using CoroGen.Sync;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Sync;

[TestClass]
public sealed class ConditionTests
{
    [TestMethod]
    public void WaitingOrNotifyingWithoutTheLockIsAnError()
    {
        TestLoops.Run(async () =>
        {
            var condition = new AsyncCondition();
            var error = await CoroTasksAssert.ThrowsAsync<InvalidOperationException>(Coro.Spawn(condition.Wait()));
            Assert.AreEqual("cannot wait on un-acquired lock", error.Message);
            error = Assert.ThrowsExactly<InvalidOperationException>(() => condition.Notify());
            Assert.AreEqual("cannot notify on un-acquired lock", error.Message);
            error = Assert.ThrowsExactly<InvalidOperationException>(condition.NotifyAll);
            Assert.AreEqual("cannot notify on un-acquired lock", error.Message);
            error = await CoroTasksAssert.ThrowsAsync<InvalidOperationException>(Coro.Spawn(condition.WaitFor(() => false)));
            Assert.AreEqual("cannot wait on un-acquired lock", error.Message);
            Assert.ThrowsExactly<InvalidOperationException>(condition.Release);
        });
    }

    [TestMethod]
    public void AcquireAndReleaseUseTheUnderlyingLock()
    {
        TestLoops.Run(async () =>
        {
            var shared = new AsyncLock();
            var condition = new AsyncCondition(shared);
            Assert.AreSame(shared, condition.Lock);
            using (await condition.Acquire())
            {
                Assert.IsTrue(shared.Locked);
                Assert.IsTrue(condition.Locked);
                StringAssert.Contains(condition.ToString(), "locked");
            }

            Assert.IsFalse(condition.Locked);
            _ = await condition.Acquire();
            condition.Release();
            Assert.IsFalse(shared.Locked);
            Assert.AreEqual("<AsyncCondition unlocked>", condition.ToString());
        });
    }

    [TestMethod]
    public void NotifyWakesNWaitersInFifoOrderEachHoldingTheLock()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var condition = new AsyncCondition();
            async Coro Waiter(string name)
            {
                using (await condition.Acquire())
                {
                    Assert.IsTrue(await condition.Wait());
                    Assert.IsTrue(condition.Locked);
                    trace.Add(name);
                    await Coro.Sleep(0);
                    trace.Add($"{name} done");
                }
            }

            var tasks = new[] { Coro.Spawn(Waiter("a")), Coro.Spawn(Waiter("b")), Coro.Spawn(Waiter("c")) };
            await Coro.Sleep(0);
            Assert.AreEqual(3, condition.WaiterCount);
            Assert.IsFalse(condition.Locked, "waiting releases the lock");
            StringAssert.Contains(condition.ToString(), "waiters=3");
            using (await condition.Acquire())
            {
                condition.Notify(2);
            }

            await tasks[0];
            await tasks[1];
            Assert.AreEqual(1, condition.WaiterCount);
            using (await condition.Acquire())
            {
                condition.Notify(5);
            }

            await tasks[2];
            Assert.IsFalse(condition.Locked);
        });
        CollectionAssert.AreEqual(new[] { "a", "a done", "b", "b done", "c", "c done" }, trace);
    }

    [TestMethod]
    public void NotifyAllWakesEveryWaiterAndANotificationIsNotRemembered()
    {
        TestLoops.Run(async () =>
        {
            var condition = new AsyncCondition();
            var woken = 0;
            async Coro Waiter()
            {
                using (await condition.Acquire())
                {
                    await condition.Wait();
                    woken++;
                }
            }

            using (await condition.Acquire())
            {
                condition.Notify();
                condition.NotifyAll();
            }

            var tasks = new[] { Coro.Spawn(Waiter()), Coro.Spawn(Waiter()), Coro.Spawn(Waiter()) };
            await Coro.Sleep(0);
            Assert.AreEqual(3, condition.WaiterCount, "earlier notifications wake nobody");
            using (await condition.Acquire())
            {
                condition.Notify(0);
                Assert.AreEqual(3, condition.WaiterCount);
                condition.NotifyAll();
            }

            foreach (var task in tasks)
            {
                await task;
            }

            Assert.AreEqual(3, woken);
        });
    }

    [TestMethod]
    public void WaitForChecksThePredicateAfterEachNotification()
    {
        TestLoops.Run(async () =>
        {
            var condition = new AsyncCondition();
            var items = 0;
            var checks = 0;
            async Coro<bool> Consumer()
            {
                using (await condition.Acquire())
                {
                    var result = await condition.WaitFor(() =>
                    {
                        checks++;
                        return items >= 2;
                    });
                    Assert.IsTrue(condition.Locked);
                    return result;
                }
            }

            var consumer = Coro.Spawn(Consumer());
            for (var i = 0; i < 2; i++)
            {
                await Coro.Sleep(0);
                using (await condition.Acquire())
                {
                    items++;
                    condition.Notify();
                }
            }

            Assert.IsTrue(await consumer);
            Assert.AreEqual(3, checks, "once at first, then after each of the two notifications");
            using (await condition.Acquire())
            {
                Assert.IsTrue(await condition.WaitFor(() => true), "a true predicate does not wait");
            }
        });
    }

    [TestMethod]
    public void AWaiterCancelledWhileWaitingReacquiresTheLockBeforeRaising()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var condition = new AsyncCondition();
            async Coro Waiter()
            {
                using (await condition.Acquire())
                {
                    try
                    {
                        await condition.Wait();
                    }
                    catch (CancelledError)
                    {
                        trace.Add($"cancelled, locked={condition.Locked}");
                        throw;
                    }
                }
            }

            var waiter = Coro.Spawn(Waiter());
            await Coro.Sleep(0);
            var holder = await condition.Acquire();
            waiter.Cancel();
            await Coro.Sleep(0);
            await Coro.Sleep(0);
            Assert.IsFalse(waiter.Done, "the cancelled waiter waits for the lock");
            Assert.AreEqual(0, condition.WaiterCount);
            trace.Add("release");
            holder.Dispose();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(waiter);
            Assert.IsFalse(condition.Locked, "the waiter's using block released the re-acquired lock");
        });
        CollectionAssert.AreEqual(new[] { "release", "cancelled, locked=True" }, trace);
    }

    [TestMethod]
    public void AWaiterCancelledWhileWaitingConsumesNoNotification()
    {
        TestLoops.Run(async () =>
        {
            var condition = new AsyncCondition();
            async Coro<string> Waiter(string name)
            {
                using (await condition.Acquire())
                {
                    await condition.Wait();
                    return name;
                }
            }

            var cancelled = Coro.Spawn(Waiter("cancelled"));
            var other = Coro.Spawn(Waiter("other"));
            await Coro.Sleep(0);
            cancelled.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(cancelled);
            Assert.AreEqual(1, condition.WaiterCount, "no spurious wake-up for the other waiter");
            using (await condition.Acquire())
            {
                condition.Notify();
            }

            Assert.AreEqual("other", await other);
        });
    }

    [TestMethod]
    public void AWaiterNotifiedThenCancelledPassesTheNotificationOn()
    {
        TestLoops.Run(async () =>
        {
            var condition = new AsyncCondition();
            async Coro<string> Waiter(string name)
            {
                using (await condition.Acquire())
                {
                    await condition.Wait();
                    return name;
                }
            }

            var first = Coro.Spawn(Waiter("first"));
            var second = Coro.Spawn(Waiter("second"));
            var third = Coro.Spawn(Waiter("third"));
            await Coro.Sleep(0);
            using (await condition.Acquire())
            {
                condition.Notify();
            }

            first.Cancel();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(first);
            Assert.AreEqual("second", await second);
            Assert.AreEqual(1, condition.WaiterCount, "exactly one notification went on");
            using (await condition.Acquire())
            {
                condition.Notify();
            }

            Assert.AreEqual("third", await third);
            Assert.IsFalse(condition.Locked);
        });
    }

    [TestMethod]
    public void AWaiterCancelledWhileReacquiringTheLockPassesTheNotificationOn()
    {
        TestLoops.Run(async () =>
        {
            var condition = new AsyncCondition();
            async Coro<string> Waiter(string name)
            {
                using (await condition.Acquire())
                {
                    await condition.Wait();
                    return name;
                }
            }

            var first = Coro.Spawn(Waiter("first"));
            var second = Coro.Spawn(Waiter("second"));
            await Coro.Sleep(0);
            var holder = await condition.Acquire();
            condition.Notify();
            await Coro.Sleep(0);
            await Coro.Sleep(0);

            // first was notified and now queues for the lock we hold.
            Assert.IsFalse(first.Done);
            Assert.AreEqual(1, condition.WaiterCount);
            first.Cancel();
            await Coro.Sleep(0);
            Assert.IsFalse(first.Done, "still re-acquiring the lock");
            holder.Dispose();
            await CoroTasksAssert.ThrowsAsync<CancelledError>(first);
            Assert.AreEqual("second", await second);
            Assert.IsFalse(condition.Locked);
        });
    }

    [TestMethod]
    public void ConditionsSharingALockWakeOnlyTheirOwnWaiters()
    {
        TestLoops.Run(async () =>
        {
            var shared = new AsyncLock();
            var notEmpty = new AsyncCondition(shared);
            var notFull = new AsyncCondition(shared);
            async Coro<string> Waiter(AsyncCondition condition, string name)
            {
                using (await condition.Acquire())
                {
                    await condition.Wait();
                    return name;
                }
            }

            var a = Coro.Spawn(Waiter(notEmpty, "a"));
            var b = Coro.Spawn(Waiter(notFull, "b"));
            await Coro.Sleep(0);
            using (await shared.Acquire())
            {
                notFull.Notify();
            }

            Assert.AreEqual("b", await b);
            Assert.AreEqual(1, notEmpty.WaiterCount);
            using (await notEmpty.Acquire())
            {
                notEmpty.NotifyAll();
            }

            Assert.AreEqual("a", await a);
        });
    }
}
