using System.Diagnostics;

namespace CoroGen.Queues;

/// <summary>
/// A last-in, first-out queue (a stack) for tasks on one loop (asyncio's <c>LifoQueue</c>):
/// <see cref="AsyncQueueBase{T}.Get"/> returns the item put most recently.
/// </summary>
/// <remarks>
/// Waiting, work accounting and shutdown are <see cref="AsyncQueueBase{T}"/>'s; waiting
/// getters are still served in arrival order. Items live in a growable array.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncLifoQueue<T> : AsyncQueueBase<T>
{
    private readonly Stack<T> _items = new();

    /// <summary>Creates a stack holding at most <paramref name="maxSize"/> items; 0 or less means unbounded.</summary>
    public AsyncLifoQueue(int maxSize = 0)
        : base(maxSize)
    {
    }

    private protected override int ItemCount => _items.Count;

    private protected override void AddItem(T item) => _items.Push(item);

    private protected override T RemoveItem() => _items.Pop();
}
