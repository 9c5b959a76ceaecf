using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Tasks;

[TestClass]
public sealed class ContextVarTests
{
    private static readonly ContextVar<string> RequestId = new("request_id", "none");
    private static readonly ContextVar<int> NoDefault = new("no_default");

    [TestMethod]
    public void EachTaskRunsInACopyOfItsSpawnersContext()
    {
        TestLoops.Run(async () =>
        {
            RequestId.Set("parent");
            async Coro<string> Child()
            {
                var seen = RequestId.Get();
                RequestId.Set("child");
                await Coro.Sleep(0);
                return seen + "/" + RequestId.Get();
            }

            var child = Coro.Spawn(Child());
            RequestId.Set("parent-after-spawn");
            Assert.AreEqual("parent/child", await child, "the child copied the context at spawn time");
            Assert.AreEqual("parent-after-spawn", RequestId.Get(), "the child's set did not leak into its parent");
        });
    }

    [TestMethod]
    public void AwaitedCoroutinesShareTheirTasksContext()
    {
        TestLoops.Run(async () =>
        {
            async Coro Inner()
            {
                RequestId.Set("set by inner");
                await Coro.Sleep(0);
            }

            await Inner();
            Assert.AreEqual("set by inner", RequestId.Get(), "an awaited coroutine runs in the same task, as in asyncio");
        });
    }

    [TestMethod]
    public void DefaultsLookupErrorsAndTryGet()
    {
        TestLoops.Run(async () =>
        {
            await Coro.Sleep(0);
            Assert.AreEqual("none", RequestId.Get());
            Assert.ThrowsExactly<KeyNotFoundException>(() => NoDefault.Get());
            Assert.AreEqual(5, NoDefault.Get(5));
            Assert.IsFalse(NoDefault.TryGet(out _));
            NoDefault.Set(1);
            Assert.IsTrue(NoDefault.TryGet(out var value));
            Assert.AreEqual(1, value);
        });
    }

    [TestMethod]
    public void ResetRestoresThePreviousValueOnceAndOnlyInItsContext()
    {
        TestLoops.Run(async () =>
        {
            var first = NoDefault.Set(1);
            var second = NoDefault.Set(2);
            NoDefault.Reset(second);
            Assert.AreEqual(1, NoDefault.Get());
            Assert.IsTrue(second.HadValue);
            Assert.AreEqual(1, second.OldValue);
            var twice = Assert.ThrowsExactly<InvalidOperationException>(() => NoDefault.Reset(second));
            StringAssert.Contains(twice.Message, "already been used");
            NoDefault.Reset(first);
            Assert.IsFalse(NoDefault.TryGet(out _));

            var token = NoDefault.Set(3);
            async Coro Elsewhere()
            {
                await Coro.Sleep(0);
                var error = Assert.ThrowsExactly<InvalidOperationException>(() => NoDefault.Reset(token));
                StringAssert.Contains(error.Message, "different context");
            }

            await Coro.Spawn(Elsewhere());
            var otherVar = new ContextVar<string>("other");
            var foreign = RequestId.Set("x");
            var wrongVar = Assert.ThrowsExactly<InvalidOperationException>(() => otherVar.Reset(foreign));
            StringAssert.Contains(wrongVar.Message, "request_id");
        });
    }

    [TestMethod]
    public void ToThreadCarriesTheContext()
    {
        var seen = EventLoop.Run(Main());
        Assert.AreEqual("threaded", seen);

        static async Coro<string> Main()
        {
            RequestId.Set("threaded");
            return await Coro.ToThread(() => RequestId.Get());
        }
    }
}
