using System.Runtime.CompilerServices;
namespace CoroGen.Loop;

/// <summary>
/// FIFO ring buffer of runnables (asyncio's <c>_ready</c> deque).
/// </summary>
/// <remarks>
/// Ground rules: only the loop thread touches it. It grows by doubling and never shrinks, so
/// steady-state scheduling allocates nothing. The loop runs exactly the items present at the
/// start of a batch; items enqueued meanwhile wait for the next batch.
/// </remarks>
internal struct ReadyQueue
{
    // Slots wrap the reference in a struct: storing into an array of an interface type makes the
    // JIT check the store's type (array covariance) on every Enqueue; a struct array does not.
    private Slot[] _items;
    private int _head;
    private int _count;

    public ReadyQueue(int capacity) => _items = new Slot[capacity];

    public readonly int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enqueue(IRunnable item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[(_head + _count) & (_items.Length - 1)].Item = item;
        _count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public IRunnable Dequeue()
    {
        ref var slot = ref _items[_head];
        var item = slot.Item!;
        slot.Item = null;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        return item;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        var bigger = new Slot[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        }

        _items = bigger;
        _head = 0;
    }

    private struct Slot
    {
        public IRunnable? Item;
    }
}
