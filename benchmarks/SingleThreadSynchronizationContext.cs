using System.Collections.Concurrent;

namespace CoroGen.Benchmarks;

/// <summary>
/// The plain .NET peer's "event loop": a classic AsyncPump. <see cref="Post"/> enqueues the
/// continuation and the pump runs the queue on the benchmark thread until the root task completes
/// (or <see cref="Stop"/> is called). Posts from the owning thread go to a lock-free
/// <see cref="Queue{T}"/> so the peer pays no lock cost; posts from other threads (none are expected)
/// go to a concurrent side queue so nothing is lost.
/// </summary>
public sealed class SingleThreadSynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _local = new(1024);
    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _remote = new();
    private int _ownerThread = Environment.CurrentManagedThreadId;
    private bool _stopping;

    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state)
    {
        if (Environment.CurrentManagedThreadId == _ownerThread)
        {
            _local.Enqueue((d, state));
        }
        else
        {
            _remote.Enqueue((d, state));
        }
    }

    /// <inheritdoc />
    public override void Send(SendOrPostCallback d, object? state)
    {
        if (Environment.CurrentManagedThreadId != _ownerThread)
        {
            throw new NotSupportedException("Send from another thread is not supported by this pump.");
        }

        d(state);
    }

    /// <inheritdoc />
    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Makes the pump stop after the current callback (for <see cref="RunUntilStopped"/>).</summary>
    public void Stop() => _stopping = true;

    /// <summary>Starts <paramref name="start"/> with this context installed and pumps until the task completes.</summary>
    public T Run<T>(Func<Task<T>> start)
    {
        var previous = Enter();
        try
        {
            var task = start();
            while (!task.IsCompleted)
            {
                RunOneOrWait();
            }

            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    /// <summary>Starts <paramref name="start"/> with this context installed and pumps until the value task completes.</summary>
    public T Run<T>(Func<ValueTask<T>> start)
    {
        var previous = Enter();
        try
        {
            var task = start();
            while (!task.IsCompleted)
            {
                RunOneOrWait();
            }

            return task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    /// <summary>Pumps until <see cref="Stop"/> is called (the <c>RunForever</c> analogue).</summary>
    public void RunUntilStopped()
    {
        var previous = Enter();
        try
        {
            while (!_stopping)
            {
                RunOneOrWait();
            }
        }
        finally
        {
            _stopping = false;
            SetSynchronizationContext(previous);
        }
    }

    private SynchronizationContext? Enter()
    {
        _ownerThread = Environment.CurrentManagedThreadId;
        var previous = Current;
        SetSynchronizationContext(this);
        return previous;
    }

    private void RunOneOrWait()
    {
        if (_local.TryDequeue(out var item) || _remote.TryDequeue(out item))
        {
            item.Callback(item.State);
        }
        else
        {
            Thread.SpinWait(20);
        }
    }
}
