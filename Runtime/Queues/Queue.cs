using System.Diagnostics;

namespace CoroGen.Queues;

/// <summary>
/// A first-in, first-out queue for tasks on one loop (asyncio's <c>Queue</c>): producers
/// <see cref="AsyncQueueBase{T}.Put"/> items, waiting while a bounded queue is full; consumers
/// <see cref="AsyncQueueBase{T}.Get"/> them in order, waiting while it is empty.
/// <code>
/// var queue = new AsyncQueue&lt;string&gt;(maxSize: 16);
/// await queue.Put("work");          // producer
/// var item = await queue.Get();     // consumer
/// queue.TaskDone();
/// await queue.Join();               // until every item put is done
/// </code>
/// </summary>
/// <remarks>
/// Waiting tasks are served in arrival order, and cancellation never loses an item; see
/// <see cref="AsyncQueueBase{T}"/>. Items live in a ring buffer that grows as needed, so
/// puts and gets allocate nothing once it has grown to the queue's working size.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncQueue<T> : AsyncQueueBase<T>
{
    private readonly Queue<T> _items;

    /// <summary>Creates a queue holding at most <paramref name="maxSize"/> items; 0 or less means unbounded.</summary>
    public AsyncQueue(int maxSize = 0)
        : base(maxSize) => _items = maxSize > 0 ? new Queue<T>(Math.Min(maxSize, 1024)) : new Queue<T>();

    private protected override int ItemCount => _items.Count;

    private protected override void AddItem(T item) => _items.Enqueue(item);

    private protected override T RemoveItem() => _items.Dequeue();
}
