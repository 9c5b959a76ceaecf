using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Tasks;

[TestClass]
public sealed partial class SmokeTests
{
    [Coroutine]
    private static async partial Coro<int> Add(int a, int b)
    {
        await Coro.Sleep(0);
        return a + b;
    }

    [Coroutine]
    private static async partial Coro<int> Main2()
    {
        var x = await Add(1, 2);
        await Coro.Sleep(1.5);
        var t = Coro.Spawn(Add(10, 20));
        return x + await t;
    }

    [TestMethod]
    public void RunsNestedCoroutinesAndTasks()
    {
        Assert.AreEqual(33, TestLoops.Run(Main2));
    }
}
