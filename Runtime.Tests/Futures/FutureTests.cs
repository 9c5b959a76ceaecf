using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Futures;

[TestClass]
public sealed class FutureTests
{
    [TestMethod]
    public void EveryAwaiterSeesTheSameResult()
    {
        TestLoops.Run(async () =>
        {
            var future = new Future<string>();
            async Coro<string> Reader() => await future;
            var readers = new[] { Coro.Spawn(Reader()), Coro.Spawn(Reader()) };
            EventLoop.GetRunningLoop().CallLater(TimeSpan.FromSeconds(1), () => future.SetResult("ready"));
            CollectionAssert.AreEqual(new[] { "ready", "ready" }, await Coro.Gather(readers));
            Assert.AreEqual("ready", await future, "a future can be awaited again after it is done");
            Assert.AreEqual("ready", future.Result);
        });
    }

    [TestMethod]
    public void MisuseRaisesInvalidStateError()
    {
        TestLoops.Run(async () =>
        {
            var future = EventLoop.GetRunningLoop().CreateFuture<int>();
            Assert.ThrowsExactly<InvalidStateError>(() => _ = future.Result);
            Assert.ThrowsExactly<InvalidStateError>(() => _ = future.Exception);
            future.SetResult(1);
            var twice = Assert.ThrowsExactly<InvalidStateError>(() => future.SetResult(2));
            StringAssert.Contains(twice.Message, "already");
            Assert.ThrowsExactly<InvalidStateError>(() => future.SetException(new FormatException()));
            Assert.IsFalse(future.TrySetResult(3));
            Assert.IsFalse(future.Cancel());
            Assert.AreEqual(1, await future);
            Assert.ThrowsExactly<ArgumentException>(() => new Future<int>().SetException(new CancelledError()));
        });
    }

    [TestMethod]
    public void ExceptionsAndCancellationReachAwaiters()
    {
        TestLoops.Run(async () =>
        {
            var failing = new Future<int>();
            failing.SetException(new FormatException("bad"));
            Assert.IsInstanceOfType<FormatException>(failing.Exception);
            Assert.ThrowsExactly<FormatException>(() => _ = failing.Result);
            await Assert.ThrowsExactlyAsync<FormatException>(async () => await Await(failing));

            var cancelled = new Future<int>();
            Assert.IsTrue(cancelled.Cancel("why"));
            Assert.IsTrue(cancelled.Cancelled);
            Assert.AreEqual(FutureStatus.Cancelled, cancelled.State);
            var error = Assert.ThrowsExactly<CancelledError>(() => _ = cancelled.Exception);
            Assert.AreEqual("why", error.CancelMessage);
        });

        static async Task Await(Future<int> future)
        {
            await Task.Yield();
            future.GetAwaiter().GetResult();
        }
    }

    [TestMethod]
    public void DoneCallbacksAreScheduledInOrderEvenWhenAlreadyDone()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var future = new Future<int>();
            Action<Future<int>> removed = _ => trace.Add("removed");
            future.AddDoneCallback(f => trace.Add($"a={f.Result}"));
            future.AddDoneCallback(removed);
            future.AddDoneCallback(_ => trace.Add("b"));
            future.AddDoneCallback(removed);
            Assert.AreEqual(2, future.RemoveDoneCallback(removed));
            future.SetResult(5);
            trace.Add("set");
            future.AddDoneCallback(_ => trace.Add("c"));
            trace.Add("added after done");
            await Coro.Sleep(0);
        });
        CollectionAssert.AreEqual(new[] { "set", "added after done", "a=5", "b", "c" }, trace);
    }

    [TestMethod]
    public void AsTaskBridgesOutcomesToDotNetTasks()
    {
        var (ok, failed, cancelled, task) = TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var a = loop.CreateFuture<int>();
            var b = loop.CreateFuture<int>();
            var c = loop.CreateFuture<int>();
            var bridged = (a.AsTask(), b.AsTask(), c.AsTask());
            a.SetResult(1);
            b.SetException(new FormatException("f"));
            c.Cancel();
            async Coro<int> Two()
            {
                await Coro.Sleep(1);
                return 2;
            }

            var taskBridge = Coro.Spawn(Two()).AsTask();
            await Coro.Sleep(2);
            return (bridged.Item1, bridged.Item2, bridged.Item3, taskBridge);
        });
        Assert.AreEqual(1, ok.GetAwaiter().GetResult());
        Assert.ThrowsExactly<FormatException>(() => failed.GetAwaiter().GetResult());
        Assert.ThrowsExactly<TaskCanceledException>(() => cancelled.GetAwaiter().GetResult());
        Assert.AreEqual(2, task.GetAwaiter().GetResult());
    }

    [TestMethod]
    public void CreatingAFutureNeedsARunningLoop()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => new Future<int>());
        StringAssert.Contains(error.Message, "No running event loop");
        using var loop = TestLoops.Virtual();
        var future = loop.CreateFuture<int>();
        Assert.AreSame(loop, future.GetLoop());
        Assert.IsFalse(future.Done);
        future.SetResult(2);
        Assert.AreEqual(2, loop.RunUntilComplete(future));
    }
}
