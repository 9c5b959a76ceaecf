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
    private IRunnable?[] _items;
    private int _head;
    private int _count;

    public ReadyQueue(int capacity) => _items = new IRunnable?[capacity];

    public readonly int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enqueue(IRunnable item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[(_head + _count) & (_items.Length - 1)] = item;
        _count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public IRunnable Dequeue()
    {
        var item = _items[_head]!;
        _items[_head] = null;
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
        var bigger = new IRunnable?[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        }

        _items = bigger;
        _head = 0;
    }
}
