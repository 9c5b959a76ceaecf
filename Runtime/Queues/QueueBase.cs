using System.Diagnostics;
using CoroGen.CompilerServices;
using CoroGen.Sync;

namespace CoroGen.Queues;

/// <summary>
/// What <see cref="AsyncQueue{T}"/>, <see cref="AsyncPriorityQueue{T}"/> and
/// <see cref="AsyncLifoQueue{T}"/> share (asyncio's <c>Queue</c>, which the other two subclass):
/// waiting, work accounting and shutdown. A subclass only says how items are stored, like
/// asyncio's <c>_init/_put/_get</c>. It cannot be subclassed outside CoroGen.
/// </summary>
/// <remarks>
/// <para>Ground rules: loop thread only, as asyncio's queue is not thread-safe. Blocked getters
/// and putters wait in two <see cref="Waiters"/> lists (a third holds the tasks in
/// <see cref="Join"/>); the tasks are the list nodes, so a steady stream of puts and gets,
/// blocking or not, allocates nothing.</para>
/// <para><b>Wake-then-retry, with reservations.</b> asyncio wakes the first getter when an item
/// arrives, and the getter retries <c>get_nowait</c> when it runs; if a newcomer took the item
/// first, the getter loops and waits again. A CoroGen awaiter cannot wait again from
/// <c>GetResult</c>, so this queue makes the retry always succeed instead: waking a getter
/// <em>reserves</em> an item for it (the item stays in the storage until the getter takes it),
/// and neither the fast path of <see cref="Get"/> nor <see cref="GetNowait"/> may take a
/// reserved item. Putters are the mirror image: waking a putter reserves a free slot. The
/// invariants, outside shutdown:</para>
/// <list type="bullet">
/// <item><c>Count ≥ reserved items</c>, and a getter waits only when no item is unreserved;
/// so getters are served strictly in arrival order, and a newcomer never jumps ahead of a
/// waiting getter.</item>
/// <item><c>Count + reserved slots ≤ MaxSize</c> (bounded queues), and a putter waits only when
/// no slot is unreserved; putters are served strictly in arrival order too.</item>
/// <item>A woken task that is cancelled before it runs gives its reservation back and wakes the
/// next waiter (see <see cref="Waiters.TakeGrant"/>); the item stays queued, a cancelled
/// putter's item is never added. Nothing is lost.</item>
/// </list>
/// <para>Shutdown (Python 3.13) wakes every blocked getter and putter without a reservation;
/// those raise <see cref="QueueShutDown"/> unless an item is still there for a getter.</para>
/// <para>So <see cref="Count"/>, <see cref="Empty"/> and <see cref="Full"/> describe the storage,
/// as asyncio's <c>qsize/empty/full</c> do: an item reserved for a woken getter still counts,
/// though <see cref="GetNowait"/> will not take it.</para>
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
[DebuggerDisplay("{ToString(),nq}")]
public abstract class AsyncQueueBase<T>
{
    private readonly Waiters _getters = new();
    private readonly Waiters _putters = new();
    private readonly Waiters _joiners = new();
    private int _reservedItems;
    private int _reservedSlots;
    private int _unfinished;
    private bool _shutdown;

    private protected AsyncQueueBase(int maxSize) => MaxSize = maxSize;

    /// <summary>The capacity given at construction; 0 or less means unbounded (asyncio's <c>maxsize</c>).</summary>
    public int MaxSize { get; }

    /// <summary>The number of items in the queue (asyncio's <c>qsize()</c>).</summary>
    public int Count => ItemCount;

    /// <summary>True when the queue holds no item (asyncio's <c>empty()</c>).</summary>
    public bool Empty => ItemCount == 0;

    /// <summary>True when a bounded queue holds <see cref="MaxSize"/> items; never true for an unbounded one (asyncio's <c>full()</c>).</summary>
    public bool Full => MaxSize > 0 && ItemCount >= MaxSize;

    /// <summary>How many items are stored (asyncio's <c>_qsize</c>).</summary>
    private protected abstract int ItemCount { get; }

    /// <summary>Items neither taken nor reserved for a woken getter: what a newcomer may take.</summary>
    private int AvailableItems => ItemCount - _reservedItems;

    /// <summary>Slots neither filled nor reserved for a woken putter: what a newcomer may fill.</summary>
    private int FreeSlots => MaxSize <= 0 ? int.MaxValue : MaxSize - ItemCount - _reservedSlots;

    /// <summary>Waits while the queue is full, then adds <paramref name="item"/> (asyncio's <c>put</c>).</summary>
    /// <remarks>
    /// Raises <see cref="QueueShutDown"/> if the queue is shut down before or while waiting, and
    /// <see cref="CancelledError"/> if the task is cancelled while waiting; either way the item
    /// is not added.
    /// </remarks>
    public PutAwaitable Put(T item) => new(this, item);

    /// <summary>Waits while the queue is empty, then removes and returns an item (asyncio's <c>get</c>).</summary>
    /// <remarks>
    /// Getters are served in arrival order. Raises <see cref="QueueShutDown"/> once the queue is
    /// shut down and no item is left for this getter, and <see cref="CancelledError"/> if the
    /// task is cancelled while waiting; the item it would have got stays queued for the next getter.
    /// </remarks>
    public GetAwaitable Get() => new(this);

    /// <summary>Adds <paramref name="item"/> without waiting (asyncio's <c>put_nowait</c>).</summary>
    /// <exception cref="QueueFull">A bounded queue has no free slot (or its last free slots are promised to woken putters).</exception>
    /// <exception cref="QueueShutDown">The queue is shut down.</exception>
    public void PutNowait(T item) => AddChecked(item, granted: false);

    /// <summary>Removes and returns an item without waiting (asyncio's <c>get_nowait</c>).</summary>
    /// <exception cref="QueueEmpty">No item is available (any left are promised to woken getters).</exception>
    /// <exception cref="QueueShutDown">The queue is shut down and no item is available.</exception>
    public T GetNowait() => TakeChecked(granted: false);

    /// <summary>
    /// Marks one item got from the queue as processed (asyncio's <c>task_done</c>). When every
    /// item ever put has been marked, the tasks in <see cref="Join"/> wake.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called more times than items were put (asyncio's <c>ValueError</c>).</exception>
    public void TaskDone()
    {
        if (_unfinished <= 0)
        {
            throw new InvalidOperationException("TaskDone() called too many times.");
        }

        if (--_unfinished == 0)
        {
            _joiners.GrantAll();
        }
    }

    /// <summary>
    /// Waits until every item put into the queue has been marked with <see cref="TaskDone"/>
    /// (asyncio's <c>join</c>); returns at once when none is unfinished.
    /// </summary>
    public JoinAwaitable Join() => new(this);

    /// <summary>
    /// Shuts the queue down (asyncio's <c>shutdown</c>, Python 3.13): puts raise
    /// <see cref="QueueShutDown"/> from now on, gets raise it once no item is left, and every
    /// blocked putter and getter wakes (putters raise, getters raise unless an item is left for them).
    /// </summary>
    /// <param name="immediate">
    /// Also discard the items still queued, marking each as done, so <see cref="Join"/> returns
    /// once the items already got are marked done; blocked and woken getters then raise.
    /// </param>
    public void Shutdown(bool immediate = false)
    {
        _shutdown = true;
        if (immediate)
        {
            while (ItemCount > 0)
            {
                RemoveItem();
                if (_unfinished > 0)
                {
                    _unfinished--;
                }
            }

            if (_unfinished == 0)
            {
                _joiners.GrantAll();
            }
        }

        // Each is woken with a reservation that has no item behind it (counted so that EndWait
        // stays balanced): it takes an item if one is left when it runs, else raises QueueShutDown.
        while (_getters.GrantFirst())
        {
            _reservedItems++;
        }

        while (_putters.GrantFirst())
        {
            _reservedSlots++;
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var name = GetType().Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return $"<{(tick < 0 ? name : name[..tick])} maxSize={MaxSize} count={ItemCount}"
            + (_unfinished > 0 ? $" unfinished={_unfinished}" : "")
            + (_getters.Count > 0 ? $" getters={_getters.Count}" : "")
            + (_putters.Count > 0 ? $" putters={_putters.Count}" : "")
            + (_shutdown ? " shut down>" : ">");
    }

    /// <summary>Stores <paramref name="item"/> (asyncio's <c>_put</c>).</summary>
    private protected abstract void AddItem(T item);

    /// <summary>Removes and returns the next item; called only when <see cref="ItemCount"/> is positive (asyncio's <c>_get</c>).</summary>
    private protected abstract T RemoveItem();

    private void AddChecked(T item, bool granted)
    {
        if (_shutdown)
        {
            throw new QueueShutDown();
        }

        if (!granted && FreeSlots <= 0)
        {
            throw new QueueFull($"The queue is full (MaxSize {MaxSize}).");
        }

        AddItem(item);
        _unfinished++;
        WakeGetters();
    }

    private T TakeChecked(bool granted)
    {
        // A granted getter's reservation was just given back, so it may take any stored item.
        if (granted ? ItemCount == 0 : AvailableItems <= 0)
        {
            throw _shutdown ? new QueueShutDown() : new QueueEmpty();
        }

        var item = RemoveItem();
        WakePutters();
        return item;
    }

    /// <summary>Reserves each unreserved item for the next waiting getter, and wakes it.</summary>
    private void WakeGetters()
    {
        while (AvailableItems > 0 && _getters.GrantFirst())
        {
            _reservedItems++;
        }
    }

    /// <summary>Reserves each unreserved slot for the next waiting putter, and wakes it.</summary>
    private void WakePutters()
    {
        while (!_shutdown && FreeSlots > 0 && _putters.GrantFirst())
        {
            _reservedSlots++;
        }
    }

    /// <summary>
    /// The common part of every awaiter's <c>GetResult</c>: takes the current task's grant from
    /// <paramref name="waiters"/> (giving back its reservation), and raises a delivered
    /// cancellation after passing a refused grant on. Returns whether the task was granted.
    /// </summary>
    private bool EndWait(Waiters waiters)
    {
        var task = TaskBox.Current;
        var granted = waiters.TakeGrant(task, out var cancelled);
        if (granted)
        {
            if (ReferenceEquals(waiters, _getters))
            {
                _reservedItems--;
            }
            else if (ReferenceEquals(waiters, _putters))
            {
                _reservedSlots--;
            }
        }

        if (cancelled)
        {
            if (granted)
            {
                WakeGetters();
                WakePutters();
            }

            task!.ThrowIfCancelDelivered();
        }

        return granted;
    }

    /// <summary>The awaitable returned by <see cref="Put"/>.</summary>
    public readonly struct PutAwaitable
    {
        private readonly AsyncQueueBase<T> _queue;
        private readonly T _item;

        internal PutAwaitable(AsyncQueueBase<T> queue, T item)
        {
            _queue = queue;
            _item = item;
        }

        /// <summary>Gets the awaiter.</summary>
        public Awaiter GetAwaiter() => new(_queue, _item);

        /// <summary>Awaits a free slot, then adds the item.</summary>
        public readonly struct Awaiter : ICoroAwaiter
        {
            private readonly AsyncQueueBase<T> _queue;
            private readonly T _item;

            internal Awaiter(AsyncQueueBase<T> queue, T item)
            {
                _queue = queue;
                _item = item;
            }

            /// <summary>True when the queue is shut down (the put raises) or has a slot no earlier putter is owed.</summary>
            public bool IsCompleted => _queue._shutdown || _queue.FreeSlots > 0;

            /// <summary>Adds the item; raises <see cref="QueueShutDown"/> or <see cref="CancelledError"/> instead.</summary>
            public void GetResult() => _queue.AddChecked(_item, _queue.EndWait(_queue._putters));

            /// <inheritdoc />
            public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

            /// <inheritdoc />
            public void UnsafeOnCompleted(Action continuation) => TaskBox.CurrentOrThrow().SuspendBuilder(continuation, this);

            /// <inheritdoc />
            public void Suspend(TaskBox task) => _queue._putters.Suspend(task);
        }
    }

    /// <summary>The awaitable returned by <see cref="Get"/>.</summary>
    public readonly struct GetAwaitable
    {
        private readonly AsyncQueueBase<T> _queue;

        internal GetAwaitable(AsyncQueueBase<T> queue) => _queue = queue;

        /// <summary>Gets the awaiter.</summary>
        public Awaiter GetAwaiter() => new(_queue);

        /// <summary>Awaits an item, then takes it.</summary>
        public readonly struct Awaiter : ICoroAwaiter
        {
            private readonly AsyncQueueBase<T> _queue;

            internal Awaiter(AsyncQueueBase<T> queue) => _queue = queue;

            /// <summary>True when the queue is shut down or holds an item no earlier getter is owed.</summary>
            public bool IsCompleted => _queue._shutdown || _queue.AvailableItems > 0;

            /// <summary>Takes the item; raises <see cref="QueueShutDown"/> or <see cref="CancelledError"/> instead.</summary>
            public T GetResult() => _queue.TakeChecked(_queue.EndWait(_queue._getters));

            /// <inheritdoc />
            public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

            /// <inheritdoc />
            public void UnsafeOnCompleted(Action continuation) => TaskBox.CurrentOrThrow().SuspendBuilder(continuation, this);

            /// <inheritdoc />
            public void Suspend(TaskBox task) => _queue._getters.Suspend(task);
        }
    }

    /// <summary>The awaitable returned by <see cref="Join"/>.</summary>
    public readonly struct JoinAwaitable
    {
        private readonly AsyncQueueBase<T> _queue;

        internal JoinAwaitable(AsyncQueueBase<T> queue) => _queue = queue;

        /// <summary>Gets the awaiter.</summary>
        public Awaiter GetAwaiter() => new(_queue);

        /// <summary>Awaits the end of all unfinished work.</summary>
        public readonly struct Awaiter : ICoroAwaiter
        {
            private readonly AsyncQueueBase<T> _queue;

            internal Awaiter(AsyncQueueBase<T> queue) => _queue = queue;

            /// <summary>True when every item put has been marked done.</summary>
            public bool IsCompleted => _queue._unfinished == 0;

            /// <summary>Returns once the work is done; raises <see cref="CancelledError"/> if cancelled while waiting.</summary>
            public void GetResult() => _queue.EndWait(_queue._joiners);

            /// <inheritdoc />
            public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

            /// <inheritdoc />
            public void UnsafeOnCompleted(Action continuation) => TaskBox.CurrentOrThrow().SuspendBuilder(continuation, this);

            /// <inheritdoc />
            public void Suspend(TaskBox task) => _queue._joiners.Suspend(task);
        }
    }
}
