namespace CoroGen.Loop;

/// <summary>
/// Binary min-heap of timer entries ordered by deadline, ties broken by scheduling order
/// (asyncio's <c>_scheduled</c> heap).
/// </summary>
/// <remarks>
/// Ground rules: only the loop thread touches it. Entries are structs in one array, so pushing
/// a timer allocates nothing once the array has grown. Cancellation is lazy: a cancelled
/// <see cref="TimerHandle"/> or a sleep whose task moved on stays in the heap and is skipped
/// when it surfaces; the owner calls <see cref="Compact"/> when more than half of the entries
/// are dead (asyncio's rule), which keeps the heap bounded by twice the live timers.
/// </remarks>
internal struct TimerHeap
{
    private TimerEntry[] _entries;
    private int _count;
    private long _sequence;

    public TimerHeap(int capacity) => _entries = new TimerEntry[capacity];

    public readonly int Count => _count;

    /// <summary>The earliest entry; the heap must not be empty.</summary>
    public readonly ref readonly TimerEntry Peek() => ref _entries[0];

    public void Push(long deadline, object target, int token)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        var entry = new TimerEntry(deadline, _sequence++, target, token);
        var i = _count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!entry.Precedes(in _entries[parent]))
            {
                break;
            }

            _entries[i] = _entries[parent];
            i = parent;
        }

        _entries[i] = entry;
    }

    public TimerEntry Pop()
    {
        var top = _entries[0];
        _count--;
        if (_count > 0)
        {
            var last = _entries[_count];
            _entries[_count] = default;
            SiftDown(0, last);
        }
        else
        {
            _entries[0] = default;
        }

        return top;
    }

    /// <summary>Removes every entry <paramref name="isDead"/> accepts, then restores heap order.</summary>
    public void Compact(Func<TimerEntry, bool> isDead)
    {
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            if (!isDead(_entries[i]))
            {
                _entries[kept++] = _entries[i];
            }
        }

        Array.Clear(_entries, kept, _count - kept);
        _count = kept;
        for (var i = (_count >> 1) - 1; i >= 0; i--)
        {
            SiftDown(i, _entries[i]);
        }
    }

    public void Clear()
    {
        Array.Clear(_entries, 0, _count);
        _count = 0;
    }

    private void SiftDown(int i, TimerEntry entry)
    {
        while (true)
        {
            var child = (i << 1) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && _entries[child + 1].Precedes(in _entries[child]))
            {
                child++;
            }

            if (!_entries[child].Precedes(in entry))
            {
                break;
            }

            _entries[i] = _entries[child];
            i = child;
        }

        _entries[i] = entry;
    }
}

/// <summary>One scheduled timer: a <see cref="TimerHandle"/>, or a sleeping task with the wait token it slept under.</summary>
internal readonly struct TimerEntry(long deadline, long sequence, object target, int token)
{
    public readonly long Deadline = deadline;
    public readonly long Sequence = sequence;
    public readonly object Target = target;
    public readonly int Token = token;

    public bool Precedes(in TimerEntry other) =>
        Deadline < other.Deadline || (Deadline == other.Deadline && Sequence < other.Sequence);
}
