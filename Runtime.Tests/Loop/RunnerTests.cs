using CoroGen.Loop;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Loop;

[TestClass]
public sealed class RunnerTests
{
    [TestMethod]
    public void RunsSeveralCoroutinesOnOneLoop()
    {
        var created = 0;
        using var runner = new Runner(debug: true, loopFactory: () =>
        {
            created++;
            return TestLoops.Virtual();
        });
        async Coro<EventLoop> Which()
        {
            await Coro.Sleep(0);
            return EventLoop.GetRunningLoop();
        }

        var first = runner.Run(Which());
        var second = runner.Run(Which());
        Assert.AreSame(first, second);
        Assert.AreSame(runner.GetLoop(), first);
        Assert.AreEqual(1, created);
        Assert.IsTrue(first.Debug, "the runner's debug flag is applied to its loop");
    }

    [TestMethod]
    public void DisposeCancelsLeftoverTasksAndClosesTheLoop()
    {
        var runner = new Runner(loopFactory: () => TestLoops.Virtual());
        var finallyRan = false;
        async Coro Forever()
        {
            try
            {
                await Coro.Sleep(TimeSpan.FromDays(1));
            }
            finally
            {
                finallyRan = true;
            }
        }

        async Coro Main()
        {
            _ = Coro.Spawn(Forever());
            await Coro.Sleep(0);
        }

        runner.Run(Main());
        var loop = runner.GetLoop();
        Assert.AreEqual(1, loop.LiveTaskCount);
        runner.Dispose();
        Assert.IsTrue(finallyRan);
        Assert.IsTrue(loop.IsClosed);
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => runner.Run(Main()));
        StringAssert.Contains(error.Message, "Runner is closed");
        runner.Dispose();
    }

    [TestMethod]
    public void ShutdownReportsErrorsOfLeftoverTasks()
    {
        var errors = new List<ExceptionContext>();
        var runner = new Runner(loopFactory: () =>
        {
            var loop = TestLoops.Virtual();
            loop.SetExceptionHandler((_, context) => errors.Add(context));
            return loop;
        });
        async Coro Stubborn()
        {
            try
            {
                await Coro.Sleep(100);
            }
            catch (CancelledError)
            {
                throw new InvalidOperationException("cleanup failed");
            }
        }

        async Coro Main()
        {
            _ = Coro.Spawn(Stubborn());
            await Coro.Sleep(0);
        }

        runner.Run(Main());
        runner.Dispose();
        Assert.AreEqual(1, errors.Count);
        StringAssert.Contains(errors[0].Message, "shutdown");
        Assert.IsInstanceOfType<InvalidOperationException>(errors[0].Exception);
    }

    [TestMethod]
    public void EventLoopRunReturnsTheResultAndRefusesToNest()
    {
        async Coro<int> Answer()
        {
            await Coro.Sleep(0);
            return 42;
        }

        Assert.AreEqual(42, EventLoop.Run(Answer(), loopFactory: () => TestLoops.Virtual()));

        InvalidOperationException? nested = null;
        async Coro Outer()
        {
            try
            {
                EventLoop.Run(Answer());
            }
            catch (InvalidOperationException e)
            {
                nested = e;
            }

            await Coro.Sleep(0);
        }

        EventLoop.Run(Outer(), loopFactory: () => TestLoops.Virtual());
        Assert.IsNotNull(nested);
    }

    [TestMethod]
    public void EventLoopRunRethrowsTheCoroutinesException()
    {
        async Coro Fails()
        {
            await Coro.Sleep(0);
            throw new FormatException("bad");
        }

        var error = Assert.ThrowsExactly<FormatException>(() => EventLoop.Run(Fails(), loopFactory: () => TestLoops.Virtual()));
        Assert.AreEqual("bad", error.Message);
    }

    [TestMethod]
    public void ShutdownSkipsLeftoversThatAnotherLeftoverAlreadyAwaited()
    {
        var errors = new List<ExceptionContext>();
        var runner = new Runner(loopFactory: () =>
        {
            var loop = TestLoops.Virtual();
            loop.SetExceptionHandler((_, context) => errors.Add(context));
            return loop;
        });
        async Coro A() => await Coro.Sleep(0);
        async Coro B()
        {
            await Coro.Spawn(A());
            await Coro.Sleep(100);
        }

        async Coro Main()
        {
            _ = Coro.Spawn(B());
            await Coro.Sleep(0);
        }

        runner.Run(Main());
        runner.Dispose();
        Assert.AreEqual(0, errors.Count, string.Join("; ", errors.Select(e => e.Message)));
    }

    private static readonly ContextVar<string> Shared = new("shared", "unset");

    [TestMethod]
    public void RunsShareOneContext()
    {
        using var runner = new Runner(loopFactory: () => TestLoops.Virtual());
        async Coro SetIt()
        {
            await Coro.Sleep(0);
            Shared.Set("from the first run");
        }

        async Coro<string> ReadIt()
        {
            await Coro.Sleep(0);
            return Shared.Get();
        }

        runner.Run(SetIt());
        Assert.AreEqual("from the first run", runner.Run(ReadIt()), "asyncio's Runner runs every call in one context");
        Assert.AreEqual("unset", Shared.Get(), "the caller's own context is untouched");
    }
}
