using System.Collections.Concurrent;

namespace CoroGen.Loop;

/// <summary>
/// The only door into the loop from other threads: a lock-free queue of runnables plus the
/// signal that wakes a parked loop (asyncio's self-pipe; an eventfd once the epoll reactor lands).
/// </summary>
/// <remarks>
/// Ground rules: <see cref="Post"/> may be called from any thread; <see cref="DrainInto"/> and
/// <see cref="Park"/> only from the loop thread. Lost wake-ups are impossible because the loop
/// resets the signal before it checks the queue, and producers set it after they enqueue.
/// </remarks>
internal sealed class ThreadSafeInbox : IDisposable
{
    private readonly ConcurrentQueue<IRunnable> _queue = new();
    private readonly ManualResetEventSlim _signal = new(false, spinCount: 0);

    // Set by every post, cleared by the loop before it drains: lets the loop skip the queue on
    // the (usual) iterations when no other thread posted anything. A post that races with the
    // check is picked up on the next iteration, or by Park, which looks at the queue itself.
    private int _posted;

    // The reactor's wake-up (an eventfd write) once the loop has one: a loop blocked in
    // epoll_wait does not see the signal above.
    private volatile Action? _waker;

    public bool IsEmpty => _queue.IsEmpty;

    /// <summary>True when another thread posted since the last <see cref="DrainInto"/> (a cheap look, for the loop's fast path).</summary>
    public bool HasPosts => Volatile.Read(ref _posted) != 0;

    public void Post(IRunnable item)
    {
        _queue.Enqueue(item);
        Volatile.Write(ref _posted, 1);
        _signal.Set();
        _waker?.Invoke();
    }

    public void DrainInto(ref ReadyQueue ready)
    {
        if (Volatile.Read(ref _posted) == 0)
        {
            return;
        }

        Volatile.Write(ref _posted, 0);
        while (_queue.TryDequeue(out var item))
        {
            ready.Enqueue(item);
        }
    }

    /// <summary>Blocks until something is posted or the timeout passes (<see cref="Timeout.Infinite"/> waits forever).</summary>
    public void Park(int timeoutMilliseconds)
    {
        _signal.Reset();
        if (!_queue.IsEmpty)
        {
            return;
        }

        _signal.Wait(timeoutMilliseconds);
    }

    /// <summary>Makes every later <see cref="Post"/> also call <paramref name="waker"/>.</summary>
    public void SetWaker(Action? waker) => _waker = waker;

    public void Dispose() => _signal.Dispose();
}
