using CoroGen.CompilerServices;
using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.CompilerServices;

/// <summary>
/// The machine-path protocol, exercised with hand-lowered state machines of the shape the
/// generator will emit: suspension through <see cref="ICoroAwaiter.Suspend"/>, no delegates.
/// </summary>
[TestClass]
public sealed class MachineTasksTests
{
    /// <summary>Hand-lowered <c>for (i = 0; i &lt; n; i++) { trace?.Add(name + i); await Coro.Sleep(0); } return n;</c></summary>
    private struct SleepLoop(int count, string name, List<string>? trace) : ICoroMachine<int>
    {
        private int _state;
        private int _i;
        private SleepAwaitable.Awaiter _awaiter;

        public int Result { get; private set; }

        public bool MoveNext(TaskBox task)
        {
            if (_state == 1)
            {
                _awaiter.GetResult();
                _i++;
            }

            while (_i < count)
            {
                trace?.Add(name + _i);
                _awaiter = Coro.Sleep(0).GetAwaiter();
                if (!_awaiter.IsCompleted)
                {
                    _state = 1;
                    _awaiter.Suspend(task);
                    return false;
                }

                _awaiter.GetResult();
                _i++;
            }

            Result = count;
            return true;
        }
    }

    /// <summary>Hand-lowered <c>return await coro + 1;</c> over a builder-path coroutine.</summary>
    private struct AwaitCoro(Coro<int> coro) : ICoroMachine<int>
    {
        private int _state;
        private Coro<int>.Awaiter _awaiter;

        public int Result { get; private set; }

        public bool MoveNext(TaskBox task)
        {
            if (_state == 0)
            {
                _awaiter = coro.GetAwaiter();
                if (!_awaiter.IsCompleted)
                {
                    _state = 1;
                    _awaiter.Suspend(task);
                    return false;
                }
            }

            Result = _awaiter.GetResult() + 1;
            return true;
        }
    }

    /// <summary>Hand-lowered <c>return await future;</c></summary>
    private struct AwaitFuture(Future<string> future) : ICoroMachine<string>
    {
        private int _state;
        private Future<string>.Awaiter _awaiter;

        public string Result { get; private set; } = "";

        public bool MoveNext(TaskBox task)
        {
            if (_state == 0)
            {
                _awaiter = future.GetAwaiter();
                if (!_awaiter.IsCompleted)
                {
                    _state = 1;
                    _awaiter.Suspend(task);
                    return false;
                }
            }

            Result = _awaiter.GetResult();
            return true;
        }
    }

    private static async Coro<int> BuilderChild()
    {
        await Coro.Sleep(1);
        return 41;
    }

    [TestMethod]
    public void MachineTasksInterleaveLikeCoroutines()
    {
        var trace = new List<string>();
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var a = MachineTasks.Spawn<SleepLoop, int>(loop, new SleepLoop(3, "a", trace));
            var b = MachineTasks.Spawn<SleepLoop, int>(loop, new SleepLoop(3, "b", trace));
            Assert.AreEqual(3, await a);
            Assert.AreEqual(3, await b);
        });
        CollectionAssert.AreEqual(new[] { "a0", "b0", "a1", "b1", "a2", "b2" }, trace);
    }

    [TestMethod]
    public void AMachineCanAwaitABuilderPathCoroutine()
    {
        Assert.AreEqual(42, TestLoops.Run(async () =>
            await MachineTasks.Spawn<AwaitCoro, int>(EventLoop.GetRunningLoop(), new AwaitCoro(BuilderChild()))));
    }

    [TestMethod]
    public void CancellingAMachineTaskRaisesAtItsAwait()
    {
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            var future = loop.CreateFuture<string>();
            var task = MachineTasks.Spawn<AwaitFuture, string>(loop, new AwaitFuture(future));
            await Coro.Sleep(0);
            task.Cancel("machine");
            var error = await Tasks.CoroTests.AssertThrows<CancelledError>(task);
            Assert.AreEqual("machine", error.CancelMessage);
            Assert.IsTrue(future.Cancelled);

            var ok = loop.CreateFuture<string>();
            var second = MachineTasks.Spawn<AwaitFuture, string>(loop, new AwaitFuture(ok));
            loop.CallLater(TimeSpan.FromSeconds(1), () => ok.SetResult("done"));
            Assert.AreEqual("done", await second);
        });
    }

    [TestMethod]
    public void AMachineSleepLoopAllocatesNothingPerSwitch()
    {
        var allocated = TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            await MachineTasks.Spawn<SleepLoop, int>(loop, new SleepLoop(2_000, "warm", null));
            var before = GC.GetAllocatedBytesForCurrentThread();
            await MachineTasks.Spawn<SleepLoop, int>(loop, new SleepLoop(20_000, "measure", null));
            return GC.GetAllocatedBytesForCurrentThread() - before;
        });
        Assert.AreEqual(0L, allocated, "bytes allocated by a machine task doing 20,000 sleep(0) switches, spawn included");
    }
}
