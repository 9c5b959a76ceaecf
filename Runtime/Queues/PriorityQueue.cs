using System.Diagnostics;

namespace CoroGen.Queues;

/// <summary>
/// A queue that returns its smallest item first (asyncio's <c>PriorityQueue</c>), ordered by
/// a comparer; items that compare equal come out in the order they were put. Typical items
/// are <c>(priority, data)</c> tuples, as in asyncio.
/// </summary>
/// <remarks>
/// Waiting, work accounting and shutdown are <see cref="AsyncQueueBase{T}"/>'s; waiting
/// getters are still served in arrival order, each taking the smallest item when it runs.
/// Items live in a binary heap (<see cref="PriorityQueue{TElement, TPriority}"/>) keyed by the
/// item and a put counter, so ties are first-in, first-out (asyncio's heap does not promise that).
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncPriorityQueue<T> : AsyncQueueBase<T>
{
    private readonly PriorityQueue<T, (T Item, long Order)> _heap;
    private long _order;

    /// <summary>
    /// Creates a priority queue holding at most <paramref name="maxSize"/> items (0 or less means
    /// unbounded), ordered by <paramref name="comparer"/> or, without one, by <see cref="Comparer{T}.Default"/>.
    /// </summary>
    public AsyncPriorityQueue(int maxSize = 0, IComparer<T>? comparer = null)
        : base(maxSize) => _heap = new(new TieBreaker(comparer ?? Comparer<T>.Default));

    private protected override int ItemCount => _heap.Count;

    private protected override void AddItem(T item) => _heap.Enqueue(item, (item, _order++));

    private protected override T RemoveItem() => _heap.Dequeue();

    /// <summary>Orders by item, then by put order.</summary>
    private sealed class TieBreaker(IComparer<T> items) : IComparer<(T Item, long Order)>
    {
        public int Compare((T Item, long Order) x, (T Item, long Order) y)
        {
            var byItem = items.Compare(x.Item, y.Item);
            return byItem != 0 ? byItem : x.Order.CompareTo(y.Order);
        }
    }
}
