using CoroGen.Futures;

namespace CoroGen.Tasks;

/// <summary>
/// Listens to a set of tasks and completes a future once a condition over them holds: the
/// shared engine of gather, wait and as_completed.
/// </summary>
/// <remarks>
/// Loop thread only. <see cref="Arm"/> registers on every unfinished task; <see cref="Disarm"/>
/// removes the registrations that have not fired, so an abandoned wait leaves nothing behind.
/// </remarks>
internal sealed class CompletionSignal : ICompletionListener
{
    private readonly TaskBox[] _boxes;
    private readonly Func<FutureBase, int, bool> _isSatisfied;
    private Future<bool> _fired;
    private int _remaining;

    public CompletionSignal(EventLoop loop, TaskBox[] boxes, Func<FutureBase, int, bool> isSatisfied)
    {
        _boxes = boxes;
        _isSatisfied = isSatisfied;
        _fired = new Future<bool>(loop);
    }

    /// <summary>Completes with true when satisfied; cancelled when the waiting task is cancelled.</summary>
    public Future<bool> Fired => _fired;

    /// <summary>The first task that failed or was cancelled, in completion order.</summary>
    public TaskBox? FirstFailure { get; private set; }

    /// <summary>Tasks in the order they completed (only those completed after arming).</summary>
    public Queue<TaskBox> Completed { get; } = new();

    public int Remaining => _remaining;

    public void Arm()
    {
        _remaining = 0;
        foreach (var box in _boxes)
        {
            if (box.IsDone)
            {
                Record(box);
            }
            else
            {
                _remaining++;
                box.AddListener(this);
            }
        }

        if (_isSatisfied(null!, _remaining))
        {
            _fired.TrySetResult(true);
        }
    }

    /// <summary>Starts a fresh wait on the same tasks (after the previous one fired or was cancelled).</summary>
    public void Rearm(EventLoop loop)
    {
        _fired = new Future<bool>(loop);
        if (_isSatisfied(null!, _remaining))
        {
            _fired.TrySetResult(true);
        }
    }

    public void Disarm()
    {
        foreach (var box in _boxes)
        {
            if (!box.IsDone)
            {
                box.RemoveListener(this);
            }
        }
    }

    public void OnCompleted(FutureBase source)
    {
        _remaining--;
        Record((TaskBox)source);
        if (_isSatisfied(source, _remaining))
        {
            _fired.TrySetResult(true);
        }
    }

    private void Record(TaskBox box)
    {
        Completed.Enqueue(box);
        if (FirstFailure is null && box.Status is FutureStatus.Faulted or FutureStatus.Cancelled)
        {
            FirstFailure = box;
        }
    }
}
