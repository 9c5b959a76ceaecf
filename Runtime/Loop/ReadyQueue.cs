using System.Runtime.CompilerServices;
namespace CoroGen.Loop;

/// <summary>
/// FIFO ring buffer of runnables (asyncio's <c>_ready</c> deque).
/// </summary>
/// <remarks>
/// Ground rules: only the loop thread touches it. It grows by doubling and never shrinks, so
/// steady-state scheduling allocates nothing. The loop runs exactly the items present at the
/// start of a batch; items enqueued meanwhile wait for the next batch.
/// <para>A slot keeps a task step apart from any other runnable (<see cref="Slot.Task"/> or
/// <see cref="Slot.Other"/>), so the loop steps a task with a direct call
/// (<see cref="TaskBox.RunFromLoop"/>) instead of an interface dispatch; callbacks and task steps
/// still share one FIFO, so their order is the order they were scheduled in.</para>
/// </remarks>
internal struct ReadyQueue
{
    // Slots wrap the references in a struct: storing into an array of an interface type makes
    // the JIT check the store's type (array covariance) on every Enqueue; a struct array does not.
    private Slot[] _items;
    private int _head;
    private int _count;

    public ReadyQueue(int capacity) => _items = new Slot[capacity];

    public readonly int Count => _count;

    /// <summary>Queues a task step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enqueue(TaskBox task)
    {
        var items = _items;
        var count = _count;
        if (count == items.Length)
        {
            items = Grow();
        }

        items[(_head + count) & (items.Length - 1)].Task = task;
        _count = count + 1;
    }

    /// <summary>Queues any runnable; a task box goes into the task side of its slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enqueue(IRunnable item)
    {
        if (item is TaskBox task)
        {
            Enqueue(task);
            return;
        }

        var items = _items;
        var count = _count;
        if (count == items.Length)
        {
            items = Grow();
        }

        items[(_head + count) & (items.Length - 1)].Other = item;
        _count = count + 1;
    }

    /// <summary>Takes the oldest item: a task (returned) or another runnable (<paramref name="other"/>, the return value then null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TaskBox? Dequeue(out IRunnable? other)
    {
        var items = _items;
        var head = _head;
        ref var slot = ref items[head];
        var task = slot.Task;
        other = slot.Other;
        slot = default;
        _head = (head + 1) & (items.Length - 1);
        _count--;
        return task;
    }

    /// <summary>Takes the oldest item as a runnable, whichever kind it is.</summary>
    public IRunnable Dequeue() => Dequeue(out var other) ?? other!;

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Slot[] Grow()
    {
        var bigger = new Slot[_items.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        }

        _items = bigger;
        _head = 0;
        return bigger;
    }

    private struct Slot
    {
        public TaskBox? Task;
        public IRunnable? Other;
    }
}
