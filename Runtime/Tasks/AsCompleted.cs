using CoroGen.Tasks;

namespace CoroGen;

/// <summary>
/// The tasks given to <see cref="Coro.AsCompleted{T}(IEnumerable{CoroTask{T}}, TimeSpan?)"/>, yielded
/// in the order they finish: <c>await foreach (var task in Coro.AsCompleted(tasks)) { var r = await task; }</c>.
/// </summary>
/// <remarks>Yields the original handles, as asyncio's <c>async for</c> form does. Enumerate once.</remarks>
public sealed class AsCompletedSequence<T>
{
    private readonly CoroTask<T>[] _tasks;
    private readonly TimeSpan? _timeout;
    private bool _enumerated;

    internal AsCompletedSequence(CoroTask<T>[] tasks, TimeSpan? timeout)
    {
        _tasks = tasks;
        _timeout = timeout;
    }

    /// <summary>Starts the enumeration; the timeout counts from here.</summary>
    /// <exception cref="InvalidOperationException">The sequence was already enumerated.</exception>
    public Enumerator GetAsyncEnumerator()
    {
        if (_enumerated)
        {
            throw new InvalidOperationException("An AsCompleted sequence can be enumerated only once.");
        }

        _enumerated = true;
        return new Enumerator(_tasks, _timeout);
    }

    /// <summary>Enumerates tasks in completion order.</summary>
    public sealed class Enumerator
    {
        private readonly EventLoop _loop;
        private readonly Dictionary<TaskBox, CoroTask<T>> _byBox = [];
        private readonly CompletionSignal _signal;
        private readonly double? _deadline;
        private TaskBox[]? _pinned;
        private int _yielded;

        internal Enumerator(CoroTask<T>[] tasks, TimeSpan? timeout)
        {
            _loop = EventLoop.GetRunningLoop();
            var boxes = Coro.PinAll(tasks);
            _pinned = boxes;
            for (var i = 0; i < tasks.Length; i++)
            {
                _byBox[boxes[i]] = tasks[i];
            }

            _signal = new CompletionSignal(_loop, boxes, static (source, _) => source is not null);
            _signal.Arm();
            _deadline = timeout is { } t ? _loop.Time + t.TotalSeconds : null;
        }

        /// <summary>The task that finished most recently.</summary>
        public CoroTask<T> Current { get; private set; }

        /// <summary>Waits for the next task to finish; false when all have been yielded.</summary>
        /// <exception cref="TimeoutException">The timeout passed before every task finished.</exception>
        public async Coro<bool> MoveNextAsync()
        {
            if (_yielded == _byBox.Count)
            {
                Release();
                return false;
            }

            while (_signal.Completed.Count == 0)
            {
                _signal.Rearm(_loop);
                var fired = _signal.Fired;
                var timer = _deadline is { } deadline ? _loop.CallAt(deadline, () => fired.TrySetResult(false)) : null;
                try
                {
                    if (!await fired && _signal.Completed.Count == 0)
                    {
                        Release();
                        throw new TimeoutException("AsCompleted timed out before every task finished.");
                    }
                }
                finally
                {
                    timer?.Cancel();
                }
            }

            Current = _byBox[_signal.Completed.Dequeue()];
            _yielded++;
            return true;
        }

        /// <summary>Stops listening to the tasks; <c>await foreach</c> calls it when the loop ends or is left early.</summary>
        public Coro DisposeAsync()
        {
            Release();
            return Coro.CompletedCoro;
        }

        private void Release()
        {
            _signal.Disarm();
            if (_pinned is { } pinned)
            {
                _pinned = null;
                Coro.UnpinAll(pinned);
            }
        }
    }
}

public readonly partial struct Coro
{
    /// <summary>
    /// Yields the tasks as they finish (asyncio's <c>as_completed</c>, <c>async for</c> form);
    /// with <paramref name="timeout"/>, the enumeration raises <see cref="TimeoutException"/> if
    /// some are still running when it passes.
    /// </summary>
    public static AsCompletedSequence<T> AsCompleted<T>(IEnumerable<CoroTask<T>> tasks, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return new AsCompletedSequence<T>(tasks.Distinct().ToArray(), timeout);
    }
}
