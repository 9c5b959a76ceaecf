using CoroGen.Tests.Infrastructure;

namespace CoroGen.Tests.Tasks;

[TestClass]
public sealed class WaitQueueTests
{
    private static async Coro Idle() => await Coro.Sleep(10);

    [TestMethod]
    public void KeepsFifoOrderAndRemovesFromTheMiddle()
    {
        TestLoops.Run(async () =>
        {
            var tasks = Enumerable.Range(0, 4).Select(_ => Coro.Spawn(Idle()).Box!).ToArray();
            var queue = new WaitQueue();
            foreach (var task in tasks)
            {
                queue.Enqueue(task);
            }

            Assert.AreEqual(4, queue.Count);
            Assert.IsTrue(queue.Remove(tasks[1]), "a cancelled waiter leaves from the middle");
            Assert.IsFalse(queue.Remove(tasks[1]));
            Assert.AreSame(tasks[0], queue.First);
            Assert.AreSame(tasks[0], queue.Dequeue());
            Assert.AreSame(tasks[2], queue.Dequeue());
            Assert.IsTrue(queue.Remove(tasks[3]));
            Assert.AreEqual(0, queue.Count);
            Assert.IsNull(queue.Dequeue());

            queue.Enqueue(tasks[0]);
            var other = new WaitQueue();
            Assert.ThrowsExactly<InvalidOperationException>(() => other.Enqueue(tasks[0]));
            Assert.IsFalse(other.Remove(tasks[0]), "removing from a queue the task is not in does nothing");
            Assert.AreEqual(1, queue.Count);
            queue.Dequeue();
            foreach (var task in tasks)
            {
                task.Cancel(null);
            }

            await Coro.Sleep(0);
        });
    }
}
