namespace CoroGen.Tasks;

/// <summary>
/// The builder path's task box: drives a <see cref="Coro{T}"/> as a task. Pooled per result type.
/// </summary>
/// <remarks>
/// The first step starts the root coroutine inline (it runs until its first suspension, as
/// asyncio's first <c>__step</c> does). Later steps run the continuation the innermost suspended
/// awaiter stored (see <see cref="TaskBox.Continuation"/>); completion flows back up the
/// coroutine chain to <see cref="OnRootDone"/>, which finishes the task.
/// </remarks>
internal sealed class CoroTaskBox<T> : TaskBox<T>
{
    private readonly Action _onRootDone;
    private Coro<T> _coro;
    private Coro<T>.Awaiter _awaiter;
    private Type? _machineType;

    private CoroTaskBox() => _onRootDone = OnRootDone;

    internal static CoroTask<T> Spawn(EventLoop loop, Coro<T> coro, string? name, bool eager = false)
    {
        var box = Internal.ThreadPoolStack<CoroTaskBox<T>>.TryRent() ?? new CoroTaskBox<T>();

        box._coro = coro;
        box._machineType = coro.MachineType;
        var version = box.Version;
        box.Activate(loop, name, eager);
        return new CoroTask<T>(box, version);
    }

    private protected override void Step()
    {
        if (Started)
        {
            // Every resumption of a builder-path task goes through its continuation; nothing to do.
            return;
        }

        Started = true;
        var coro = _coro;
        _coro = default;
        try
        {
            _awaiter = coro.GetAwaiter();
        }
        catch (Exception e)
        {
            FinishFaulted(e);
            return;
        }

        if (_awaiter.IsCompleted)
        {
            OnRootDone();
        }
        else
        {
            _awaiter.UnsafeOnCompleted(_onRootDone);
        }
    }

    private void OnRootDone()
    {
        var awaiter = _awaiter;
        _awaiter = default;
        T result;
        try
        {
            result = awaiter.GetResult();
        }
        catch (Exception e)
        {
            FinishFaulted(e);
            return;
        }

        FinishSucceeded(result);
    }

    internal override string? CoroutineName => _machineType is null ? null : Diagnostics.DebugReports.CoroutineName(_machineType);

    private protected override void AbandonUnstarted()
    {
        _coro.Abandon();
        _coro = default;
    }

    private protected override void ReturnToPool()
    {
        ClearResult();
        Internal.ThreadPoolStack<CoroTaskBox<T>>.Return(this);
    }
}
