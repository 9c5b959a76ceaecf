using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Tasks;

[TestClass]
public sealed class WaitTests
{
    private static async Coro<int> After(double seconds, int value)
    {
        await Coro.Sleep(seconds);
        return value;
    }

    private static async Coro<int> FailAfter(double seconds)
    {
        await Coro.Sleep(seconds);
        throw new FormatException("failed");
    }

    [TestMethod]
    public void FirstCompletedReturnsAsSoonAsOneIsDone()
    {
        TestLoops.Run(async () =>
        {
            CoroTask fast = Coro.Spawn(After(1, 1));
            CoroTask slow = Coro.Spawn(After(5, 2));
            var (done, pending) = await Coro.Wait([fast, slow], ReturnWhen.FirstCompleted);
            CollectionAssert.AreEquivalent(new[] { fast }, done.ToList());
            CollectionAssert.AreEquivalent(new[] { slow }, pending.ToList());
            Assert.IsFalse(slow.Cancelled, "wait never cancels");
            await slow;
        });
    }

    [TestMethod]
    public void FirstExceptionReturnsOnAFailureAndActsLikeAllCompletedOtherwise()
    {
        TestLoops.Run(async () =>
        {
            var loop = EventLoop.GetRunningLoop();
            CoroTask failing = Coro.Spawn(FailAfter(2));
            CoroTask slow = Coro.Spawn(After(5, 2));
            var start = loop.Time;
            var (done, pending) = await Coro.Wait([failing, slow], ReturnWhen.FirstException);
            Assert.AreEqual(2.0, loop.Time - start, 1e-9);
            Assert.IsTrue(done.Contains(failing));
            Assert.IsTrue(pending.Contains(slow));

            CoroTask a = Coro.Spawn(After(1, 1));
            CoroTask b = Coro.Spawn(After(2, 2));
            (done, _) = await Coro.Wait([a, b], ReturnWhen.FirstException);
            Assert.AreEqual(2, done.Count);
            await slow;
        });
    }

    [TestMethod]
    public void TimeoutReturnsThePendingSetWithoutRaisingOrCancelling()
    {
        TestLoops.Run(async () =>
        {
            CoroTask slow = Coro.Spawn(After(10, 1));
            var (done, pending) = await Coro.Wait([slow], timeout: TimeSpan.FromSeconds(1));
            Assert.AreEqual(0, done.Count);
            Assert.IsTrue(pending.Contains(slow));
            Assert.IsFalse(slow.Done);
            (done, pending) = await Coro.Wait([slow]);
            Assert.IsTrue(done.Contains(slow));
        });
    }

    [TestMethod]
    public void WaitingOnNothingIsAnError()
    {
        TestLoops.Run(async () =>
        {
            var error = await CoroTests.AssertThrows<ArgumentException>(Coro.Spawn(Coro.Wait([])));
            StringAssert.Contains(error.Message, "must not be empty");
        });
    }
}
