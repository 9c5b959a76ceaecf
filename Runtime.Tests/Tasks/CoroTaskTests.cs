using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Tasks;

[TestClass]
public sealed class CoroTaskTests
{
    private static async Coro<int> Value(int value, double seconds = 0)
    {
        await Coro.Sleep(seconds);
        return value;
    }

    [TestMethod]
    public void TasksHaveNamesAndStates()
    {
        TestLoops.Run(async () =>
        {
            var task = Coro.Spawn(Value(5, 1));
            StringAssert.StartsWith(task.Name, "Task-");
            task.SetName("worker");
            Assert.AreEqual("worker", task.Name);
            Assert.IsFalse(task.Done);
            Assert.AreEqual(FutureStatus.Pending, task.Status);
            Assert.ThrowsExactly<InvalidStateError>(() => _ = task.Result);
            Assert.ThrowsExactly<InvalidStateError>(() => _ = task.Exception);
            await Coro.Sleep(2);
            Assert.IsTrue(task.Done);
            Assert.AreEqual(5, task.Result);
            Assert.IsNull(task.Exception);
            Assert.AreEqual(5, await task);
            var named = Coro.Spawn(Value(1), name: "named");
            Assert.AreEqual("named", named.Name);
            await named;
        });
    }

    [TestMethod]
    public void CancellationIsRaisedAtTheAwaitAndFinallyBlocksRun()
    {
        var trace = new List<string>();
        async Coro<int> Victim()
        {
            try
            {
                trace.Add("start");
                await Coro.Sleep(10);
                trace.Add("not reached");
                return 1;
            }
            catch (CancelledError e)
            {
                trace.Add($"cancelled:{e.CancelMessage}");
                throw;
            }
            finally
            {
                trace.Add("finally");
            }
        }

        TestLoops.Run(async () =>
        {
            var task = Coro.Spawn(Victim());
            await Coro.Sleep(1);
            Assert.IsTrue(task.Cancel("stop it"));
            Assert.AreEqual(1, task.Cancelling());
            var error = await CoroTests.AssertThrows<CancelledError>(task);
            Assert.AreEqual("stop it", error.CancelMessage);
            Assert.IsTrue(task.Done);
        });
        CollectionAssert.AreEqual(new[] { "start", "cancelled:stop it", "finally" }, trace);
    }

    [TestMethod]
    public void ATaskCancelledBeforeItStartsNeverRunsItsBody()
    {
        var ran = false;
        async Coro Body()
        {
            ran = true;
            await Coro.Sleep(0);
        }

        TestLoops.Run(async () =>
        {
            var task = Coro.Spawn(Body());
            task.Cancel();
            await Coro.Sleep(0);
            Assert.IsTrue(task.Cancelled);
            Assert.ThrowsExactly<CancelledError>(() => _ = task.Exception);
        });
        Assert.IsFalse(ran);
    }

    [TestMethod]
    public void ATaskThatSwallowsCancellationKeepsRunning()
    {
        async Coro<string> Stubborn()
        {
            try
            {
                await Coro.Sleep(10);
            }
            catch (CancelledError)
            {
                var me = Coro.CurrentTask!.Value;
                Assert.AreEqual(1, me.Cancelling());
                Assert.AreEqual(0, me.Uncancel());
            }

            await Coro.Sleep(1);
            return "survived";
        }

        TestLoops.Run(async () =>
        {
            var task = Coro.Spawn(Stubborn());
            await Coro.Sleep(1);
            task.Cancel();
            Assert.AreEqual("survived", await task);
        });
    }

    [TestMethod]
    public void UncancelBeforeDeliveryWithdrawsTheCancellation()
    {
        async Coro<int> Body()
        {
            var me = Coro.CurrentTask!.Value;
            me.Cancel();
            Assert.AreEqual(0, me.Uncancel());
            await Coro.Sleep(0);
            return 1;
        }

        Assert.AreEqual(1, TestLoops.Run(async () => await Coro.Spawn(Body())));
    }

    [TestMethod]
    public void SelfCancellationIsDeliveredAtTheNextSuspension()
    {
        async Coro<string> Body()
        {
            Coro.CurrentTask!.Value.Cancel();
            var afterCancel = "ran on";
            try
            {
                await Coro.Sleep(0);
            }
            catch (CancelledError)
            {
                return afterCancel + " then cancelled";
            }

            return "never cancelled";
        }

        Assert.AreEqual("ran on then cancelled", TestLoops.Run(async () => await Coro.Spawn(Body())));
    }

    [TestMethod]
    public void CancellingADoneTaskReturnsFalse()
    {
        TestLoops.Run(async () =>
        {
            var task = Coro.Spawn(Value(1));
            await Coro.Sleep(0);
            await Coro.Sleep(0);
            Assert.IsTrue(task.Done);
            Assert.IsFalse(task.Cancel());
            await task;
        });
    }

    [TestMethod]
    public void CancellingATaskCancelsTheTaskItAwaits()
    {
        TestLoops.Run(async () =>
        {
            var inner = Coro.Spawn(Value(1, 100));
            var innerCancelled = false;
            inner.AddDoneCallback(t => innerCancelled = t.Cancelled);
            async Coro<int> Outer() => await inner;
            var outer = Coro.Spawn(Outer());
            await Coro.Sleep(1);
            outer.Cancel();
            await CoroTests.AssertThrows<CancelledError>(outer);
            Assert.IsTrue(innerCancelled, "asyncio cancels down the chain of awaited tasks");
        });
    }

    [TestMethod]
    public void CancellingATaskCancelsTheFutureItAwaits()
    {
        TestLoops.Run(async () =>
        {
            var future = EventLoop.GetRunningLoop().CreateFuture<int>();
            async Coro<int> Waiter() => await future;
            var task = Coro.Spawn(Waiter());
            await Coro.Sleep(0);
            task.Cancel("bye");
            await CoroTests.AssertThrows<CancelledError>(task);
            Assert.IsTrue(future.Cancelled);
        });
    }

    [TestMethod]
    public void CancellationWhileAwaitingAForeignTaskArrivesAtTheNextCoroGenAwait()
    {
        var trace = new List<string>();
        async Coro Body()
        {
            await Task.Delay(50);
            trace.Add("resumed after the foreign await");
            await Coro.Sleep(0);
            trace.Add("not reached");
        }

        EventLoop.Run(Main());
        CollectionAssert.AreEqual(new[] { "resumed after the foreign await", "cancelled" }, trace);

        async Coro Main()
        {
            var task = Coro.Spawn(Body());
            await Coro.Sleep(0.001);
            task.Cancel();
            try
            {
                await task;
            }
            catch (CancelledError)
            {
                trace.Add("cancelled");
            }
        }
    }

    [TestMethod]
    public void DoneCallbacksAreScheduledNotRunInline()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var task = Coro.Spawn(Value(1));
            Action<CoroTask> removed = _ => trace.Add("removed");
            task.AddDoneCallback(t => trace.Add($"first done={t.Done}"));
            task.AddDoneCallback(t => trace.Add("second"));
            task.Untyped.AddDoneCallback(removed);
            task.Untyped.AddDoneCallback(removed);
            Assert.AreEqual(2, task.Untyped.RemoveDoneCallback(removed));
            await Coro.Sleep(0);
            await Coro.Sleep(0);
            trace.Add("after two yields");
            await Coro.Sleep(0);
            await task;
            task = Coro.Spawn(Value(2));
            await Coro.Sleep(0);
            await Coro.Sleep(0);
            task.AddDoneCallback(_ => trace.Add("late"));
            trace.Add("late added");
            await Coro.Sleep(0);
            await task;
        });
        CollectionAssert.AreEqual(new[] { "after two yields", "first done=True", "second", "late added", "late" }, trace, string.Join(",", trace));
    }

    [TestMethod]
    public void CurrentTaskAndAllTasks()
    {
        Assert.IsNull(Coro.CurrentTask);
        TestLoops.Run(async () =>
        {
            var me = Coro.CurrentTask;
            Assert.IsNotNull(me);
            var other = Coro.Spawn(Value(1, 5));
            var all = Coro.AllTasks();
            CollectionAssert.Contains(all.ToList(), me.Value);
            CollectionAssert.Contains(all.ToList(), other.Untyped);
            CoroTask? inCallback = default;
            EventLoop.GetRunningLoop().CallSoon(() => inCallback = Coro.CurrentTask);
            await Coro.Sleep(0);
            Assert.IsNull(inCallback, "a plain callback runs outside any task");
            await other;
            Assert.AreEqual(1, Coro.AllTasks().Count, "finished tasks leave AllTasks");
        });
    }

    [TestMethod]
    public void ATaskCannotAwaitItself()
    {
        TestLoops.Run(async () =>
        {
            var error = await CoroTests.AssertThrows<InvalidOperationException>(Coro.Spawn(AwaitSelf()));
            StringAssert.Contains(error.Message, "cannot await itself");
        });

        static async Coro AwaitSelf() => await Coro.CurrentTask!.Value;
    }

    [TestMethod]
    public void SeveralTasksCanAwaitOneTask()
    {
        TestLoops.Run(async () =>
        {
            var shared = Coro.Spawn(Value(7, 1));
            async Coro<int> Reader() => await shared;
            var results = await Coro.Gather(Reader(), Reader(), Reader());
            CollectionAssert.AreEqual(new[] { 7, 7, 7 }, results);
        });
    }

    [TestMethod]
    public void AHandleGoesStaleOnceAnAwaitConsumedItsPooledBox()
    {
        TestLoops.Run(async () =>
        {
            var task = Coro.Spawn(Value(3));
            Assert.AreEqual(3, await task);
            var reuse = Coro.Spawn(Value(4));
            Assert.IsTrue(task.Done, "a stale handle still answers Done");
            var error = Assert.ThrowsExactly<InvalidOperationException>(() => _ = task.Result);
            StringAssert.Contains(error.Message, "stale");
            Assert.IsFalse(task.Cancel(), "cancelling a finished task is a no-op, stale or not");
            Assert.AreEqual(4, await reuse);
        });
    }

    [TestMethod]
    public void AFailedTaskRaisesItsExceptionToTheAwaiter()
    {
        async Coro<int> Fails()
        {
            await Coro.Sleep(0);
            throw new FormatException("task failed");
        }

        TestLoops.Run(async () =>
        {
            var task = Coro.Spawn(Fails());
            await Coro.Sleep(0);
            await Coro.Sleep(0);
            Assert.IsInstanceOfType<FormatException>(task.Exception);
            Assert.AreEqual(FutureStatus.Faulted, task.Status);
            var error = await CoroTests.AssertThrows<FormatException>(task);
            Assert.AreEqual("task failed", error.Message);
        });
    }

    [TestMethod]
    public void ADoneCallbackAddedToAFinishedTaskSeesItEvenIfTheTaskIsAwaitedFirst()
    {
        TestLoops.Run(async () =>
        {
            var task = Coro.Spawn(Value(1));
            await Coro.Sleep(0);
            await Coro.Sleep(0);
            FutureStatus? seen = null;
            task.AddDoneCallback(t => seen = t.Status);
            var bridged = task.AsTask();
            Assert.AreEqual(1, await task);
            await Coro.Sleep(0);
            Assert.AreEqual(FutureStatus.Succeeded, seen);
            Assert.IsTrue(bridged.IsCompleted);
        });
    }

    [TestMethod]
    public void AStaleHandleNeverMatchesAReusedBoxEvenAfterManyReuses()
    {
        TestLoops.Run(async () =>
        {
            var old = Coro.Spawn(Value(1));
            await old;
            for (var i = 0; i < 65_536; i++)
            {
                await Coro.Spawn(Value(i));
            }

            var victim = Coro.Spawn(Value(42, 1));
            Assert.IsTrue(old.Done, "the old handle must stay stale");
            Assert.IsFalse(old.Cancel());
            Assert.AreEqual(42, await victim);
        });
    }

    [TestMethod]
    public void ACancellationRequestedDuringAForeignAwaitIsHandedToTheNextSuspension()
    {
        var finished = EventLoop.Run(Main());
        Assert.IsLessThan(5.0, finished, "the task must be cancelled at its next suspension, not after its long sleep");

        static async Coro<double> Main()
        {
            var loop = EventLoop.GetRunningLoop();
            var start = loop.Time;
            async Coro Body()
            {
                await Task.Delay(50);
                await Coro.Sleep(10);
            }

            var task = Coro.Spawn(Body());
            await Coro.Sleep(0.01);
            task.Cancel();
            await CoroTests.AssertThrows<CancelledError>(task);
            return loop.Time - start;
        }
    }

    [TestMethod]
    public void AWaiterCancelledAfterItsTaskFinishedDoesNotPinTheTask()
    {
        TestLoops.Run(async () =>
        {
            CoroTask<int> waiter = default;
            var awaited = Coro.Spawn(Value(5, 1));
            var box = awaited.Box!;

            // Runs in the batch after the one where `awaited` finishes and wakes the waiter,
            // before the waiter runs: the waiter is cancelled between its wake-up and its read.
            awaited.AddDoneCallback(_ => waiter.Cancel());
            async Coro<int> Waiter() => await awaited;
            waiter = Coro.Spawn(Waiter());
            await Coro.Sleep(2);
            await CoroTests.AssertThrows<CancelledError>(waiter);
            Assert.AreEqual(5, await awaited);
            Assert.IsFalse(box.InUse, "the box went back to its pool");
        });
    }

    [TestMethod]
    public void AnEagerTaskRunsToItsFirstSuspensionInsideSpawn()
    {
        var trace = new List<string>();
        async Coro<int> Body(string name, bool suspend)
        {
            trace.Add($"{name} started");
            if (suspend)
            {
                await Coro.Sleep(0);
            }

            trace.Add($"{name} finished");
            return 1;
        }

        TestLoops.Run(async () =>
        {
            var sync = Coro.Spawn(Body("sync", suspend: false), eagerStart: true);
            trace.Add("after spawning sync");
            Assert.IsTrue(sync.Done, "a coroutine that never suspends is done when Spawn returns");
            var lazy = Coro.Spawn(Body("lazy", suspend: true));
            var eager = Coro.Spawn(Body("eager", suspend: true), eagerStart: true);
            trace.Add("after spawning eager");
            Assert.AreEqual(1, await sync);
            Assert.AreEqual(1, await eager);
            Assert.AreEqual(1, await lazy);

            EventLoop.GetRunningLoop().EagerTasks = true;
            var byLoop = Coro.Spawn(Body("loop-wide", suspend: false));
            Assert.IsTrue(byLoop.Done);
            await byLoop;
        });
        CollectionAssert.AreEqual(
            new[] { "sync started", "sync finished", "after spawning sync", "eager started", "after spawning eager", "lazy started", "eager finished", "lazy finished", "loop-wide started", "loop-wide finished" },
            trace,
            string.Join(", ", trace));
    }
}
