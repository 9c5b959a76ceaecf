using CoroGen.Loop;
using CoroGen.Process;

namespace CoroGen.Tests.Loop;

/// <summary>
/// Signal handlers and Ctrl+C in <see cref="EventLoop.Run{T}(Coro{T}, bool?, Func{EventLoop}?)"/>,
/// with real signals sent to the test process itself. Every signal is sent only while a handler
/// that cancels its default action is registered, so the test host survives.
/// </summary>
[TestClass]
public sealed class SignalTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static EventLoop RealLoop() => new(new EventLoopOptions { ErrorWriter = TextWriter.Null });

    private static void RaiseInThisProcess(int signum) => Assert.AreEqual(0, ProcessLibc.kill(Environment.ProcessId, signum));

    [TestMethod]
    [DataRow(Signals.SIGUSR1)]
    [DataRow(Signals.SIGHUP)]
    [DataRow(Signals.SIGTERM)]
    [DataRow(Signals.SIGUSR2)]
    public void AHandlerRunsOnTheLoopThreadWhenTheSignalArrives(int signum)
    {
        using var loop = RealLoop();
        var loopThread = -1;
        var handlerThread = -2;

        async Coro<int> Main()
        {
            loopThread = Environment.CurrentManagedThreadId;
            var received = loop.CreateFuture<int>();
            loop.AddSignalHandler(signum, () =>
            {
                handlerThread = Environment.CurrentManagedThreadId;
                received.TrySetResult(signum);
            });
            RaiseInThisProcess(signum);
            var got = await received;
            Assert.IsTrue(loop.RemoveSignalHandler(signum));
            Assert.IsFalse(loop.RemoveSignalHandler(signum));
            return got;
        }

        Assert.AreEqual(signum, loop.RunUntilComplete(Coro.WaitFor(Main(), Deadline)));
        Assert.AreEqual(loopThread, handlerThread);
    }

    [TestMethod]
    public void SigchldArrivesWhenAChildExits()
    {
        using var loop = RealLoop();

        async Coro<int> Main()
        {
            var received = loop.CreateFuture<bool>();
            loop.AddSignalHandler(Signals.SIGCHLD, () => received.TrySetResult(true));
            var child = await Subprocess.Exec("true");
            await received;
            var code = await child.Wait();
            loop.RemoveSignalHandler(Signals.SIGCHLD);
            return code;
        }

        Assert.AreEqual(0, loop.RunUntilComplete(Coro.WaitFor(Main(), Deadline)));
    }

    [TestMethod]
    public void ANewHandlerReplacesTheOld()
    {
        using var loop = RealLoop();
        var calls = new List<string>();

        async Coro Main()
        {
            var received = loop.CreateFuture<bool>();
            loop.AddSignalHandler(Signals.SIGUSR1, () => calls.Add("old"));
            loop.AddSignalHandler(Signals.SIGUSR1, () =>
            {
                calls.Add("new");
                received.TrySetResult(true);
            });
            RaiseInThisProcess(Signals.SIGUSR1);
            await received;
            loop.RemoveSignalHandler(Signals.SIGUSR1);
        }

        loop.RunUntilComplete(Coro.WaitFor(Main(), Deadline));
        CollectionAssert.AreEqual(new[] { "new" }, calls);
    }

    [TestMethod]
    public void AFailingHandlerGoesToTheExceptionHandlerAndTheLoopGoesOn()
    {
        using var loop = RealLoop();
        var reported = new List<Exception?>();
        loop.SetExceptionHandler((_, context) => reported.Add(context.Exception));

        async Coro<int> Main()
        {
            var failed = loop.CreateFuture<bool>();
            loop.AddSignalHandler(Signals.SIGUSR2, () =>
            {
                failed.TrySetResult(true);
                throw new InvalidOperationException("handler failed");
            });
            RaiseInThisProcess(Signals.SIGUSR2);
            await failed;
            await Coro.Sleep(TimeSpan.Zero);
            loop.RemoveSignalHandler(Signals.SIGUSR2);
            return reported.Count;
        }

        Assert.AreEqual(1, loop.RunUntilComplete(Coro.WaitFor(Main(), Deadline)));
        Assert.AreEqual("handler failed", reported[0]?.Message);
    }

    [TestMethod]
    public void DisposingTheLoopRemovesItsHandlers()
    {
        var loop = RealLoop();
        loop.AddSignalHandler(Signals.SIGUSR1, () => { });
        Assert.IsTrue(loop.HandlesSignal(Signals.SIGUSR1));
        loop.Dispose();
        Assert.IsFalse(loop.HandlesSignal(Signals.SIGUSR1));
        Assert.IsFalse(loop.RemoveSignalHandler(Signals.SIGUSR1));
    }

    [TestMethod]
    public void MisuseIsRejectedWithAClearMessage()
    {
        using var loop = RealLoop();
        var kill = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.AddSignalHandler(Signals.SIGKILL, () => { }));
        StringAssert.Contains(kill.Message, "cannot be caught");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.AddSignalHandler(Signals.SIGSTOP, () => { }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.AddSignalHandler(0, () => { }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.RemoveSignalHandler(65));
        Assert.ThrowsExactly<ArgumentNullException>(() => loop.AddSignalHandler(Signals.SIGUSR1, null!));

        Exception? fromOtherThread = null;

        async Coro Main()
        {
            var thread = new Thread(() =>
            {
                try
                {
                    loop.AddSignalHandler(Signals.SIGUSR1, () => { });
                }
                catch (Exception e)
                {
                    fromOtherThread = e;
                }
            });
            thread.Start();
            await loop.RunInExecutor(() => thread.Join(Deadline));
        }

        loop.RunUntilComplete(Main());
        Assert.IsInstanceOfType<InvalidOperationException>(fromOtherThread);
        StringAssert.Contains(fromOtherThread.Message, "CallSoonThreadSafe");
        Assert.IsFalse(loop.HandlesSignal(Signals.SIGUSR1));

        loop.Dispose();
        var closed = Assert.ThrowsExactly<InvalidOperationException>(() => loop.AddSignalHandler(Signals.SIGUSR1, () => { }));
        StringAssert.Contains(closed.Message, "closed");
    }

    [TestMethod]
    public void CtrlCCancelsTheMainCoroutineAndRunRaisesKeyboardInterrupt()
    {
        var cleanedUp = false;

        async Coro<int> Main()
        {
            RaiseInThisProcess(Signals.SIGINT);
            try
            {
                await Coro.Sleep(TimeSpan.FromHours(1));
            }
            finally
            {
                cleanedUp = true;
            }

            return 1;
        }

        var error = Assert.ThrowsExactly<KeyboardInterrupt>(() => EventLoop.Run(Main(), loopFactory: RealLoop));
        Assert.IsTrue(cleanedUp, "the main coroutine unwound through its finally blocks");
        Assert.IsInstanceOfType<CancelledError>(error.InnerException);
        Assert.IsInstanceOfType<OperationCanceledException>(error);
    }

    [TestMethod]
    public void AMainCoroutineThatHandlesCtrlCReturnsNormally()
    {
        async Coro<string> Main()
        {
            RaiseInThisProcess(Signals.SIGINT);
            try
            {
                await Coro.Sleep(TimeSpan.FromHours(1));
                return "slept";
            }
            catch (CancelledError)
            {
                return "interrupted";
            }
        }

        Assert.AreEqual("interrupted", EventLoop.Run(Main(), loopFactory: RealLoop));
    }

    [TestMethod]
    public void ALoopSigintHandlerTakesOverFromTheRunner()
    {
        async Coro<string> Main()
        {
            var loop = EventLoop.GetRunningLoop();
            var received = loop.CreateFuture<string>();
            loop.AddSignalHandler(Signals.SIGINT, () => received.TrySetResult("handled by the loop"));
            RaiseInThisProcess(Signals.SIGINT);
            var result = await received;
            loop.RemoveSignalHandler(Signals.SIGINT);
            return result;
        }

        Assert.AreEqual("handled by the loop", EventLoop.Run(Coro.WaitFor(Main(), Deadline), loopFactory: RealLoop));
    }
}
