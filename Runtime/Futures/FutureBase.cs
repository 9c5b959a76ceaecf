using System.ComponentModel;
using System.Runtime.ExceptionServices;
using CoroGen.Futures;

namespace CoroGen;

/// <summary>
/// What futures and tasks share (asyncio's <c>Future</c>, which <c>Task</c> subclasses): a status,
/// an outcome, and the listeners woken when it completes.
/// </summary>
/// <remarks>
/// Ground rules: loop thread only. Listeners are kept inline for the first one (the common case
/// of one awaiter), so awaiting a future or task allocates nothing. A listener is one of: a
/// <see cref="TaskBox"/> waiting on this (woken), an <see cref="ICompletionListener"/> (called
/// synchronously), or a user done callback (scheduled with <c>CallSoon</c>, never run inline, as asyncio does).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class FutureBase : IWaitSource
{
    private object? _listener0;
    private object?[]? _moreListeners;
    private int _moreCount;

    private protected FutureBase(EventLoop? loop) => Loop = loop!;

    internal EventLoop Loop;

    internal FutureStatus Status;

    internal ExceptionDispatchInfo? Error;

    internal string? CancelMessage;

    internal bool IsDone => Status != FutureStatus.Pending;

    internal void AddListener(object listener)
    {
        if (_listener0 is null)
        {
            _listener0 = listener;
            return;
        }

        _moreListeners ??= new object?[2];
        if (_moreCount == _moreListeners.Length)
        {
            Array.Resize(ref _moreListeners, _moreCount * 2);
        }

        _moreListeners[_moreCount++] = listener;
    }

    /// <summary>Removes every occurrence of <paramref name="listener"/>; returns how many were removed.</summary>
    internal int RemoveListener(object listener)
    {
        var removed = 0;
        if (Equals(_listener0, listener))
        {
            _listener0 = null;
            removed++;
        }

        var kept = 0;
        for (var i = 0; i < _moreCount; i++)
        {
            if (Equals(_moreListeners![i], listener))
            {
                removed++;
            }
            else
            {
                _moreListeners[kept++] = _moreListeners[i];
            }
        }

        if (_moreListeners is not null)
        {
            Array.Clear(_moreListeners, kept, _moreCount - kept);
        }

        _moreCount = kept;
        if (_listener0 is null && _moreCount > 0)
        {
            _listener0 = _moreListeners![0];
            Array.Copy(_moreListeners, 1, _moreListeners, 0, _moreCount - 1);
            _moreListeners[--_moreCount] = null;
        }

        return removed;
    }

    private protected bool HasListeners => _listener0 is not null;

    /// <summary>Records the outcome and notifies listeners in the order they were added.</summary>
    private protected void Complete(FutureStatus status, ExceptionDispatchInfo? error)
    {
        Status = status;
        Error = error;
        var first = _listener0;
        _listener0 = null;
        if (first is not null)
        {
            Notify(first);
        }

        // Listeners added by a notified listener land in the fresh slots and are not notified:
        // the future is already done, so they see it done when they look.
        var count = _moreCount;
        var more = _moreListeners;
        _moreCount = 0;
        for (var i = 0; i < count; i++)
        {
            var listener = more![i];
            more[i] = null;
            Notify(listener!);
        }
    }

    private void Notify(object listener)
    {
        try
        {
            NotifyOne(listener);
        }
        catch (Exception e)
        {
            Loop.CallExceptionHandler(new Loop.ExceptionContext("Exception in a completion listener") { Exception = e, Future = this });
        }
    }

    private void NotifyOne(object listener)
    {
        switch (listener)
        {
            case TaskBox waiter:
                waiter.OnAwaitedCompleted(this);
                break;
            case ICompletionListener hook:
                hook.OnCompleted(this);
                break;
            case Delegate callback:
                ScheduleDoneCallback(callback);
                break;
        }
    }

    /// <summary>Schedules a user done callback with <c>CallSoon</c>, passing the right handle type.</summary>
    private protected abstract void ScheduleDoneCallback(Delegate callback);

    /// <summary>Completes the future as cancelled; false if it was already done.</summary>
    internal bool TryCancelCore(string? message)
    {
        if (IsDone)
        {
            return false;
        }

        CancelMessage = message;
        Complete(FutureStatus.Cancelled, ExceptionDispatchInfo.Capture(new CancelledError(message)));
        return true;
    }

    bool IWaitSource.CancelWait(TaskBox task, string? message) => CancelFromWaiter(message);

    /// <summary>A task awaiting this was cancelled: asyncio cancels the awaited future too.</summary>
    private protected abstract bool CancelFromWaiter(string? message);

    /// <summary>Throws the stored exception or cancellation; returns when the outcome is a result.</summary>
    private protected void ThrowIfNotSucceeded()
    {
        if (Status != FutureStatus.Succeeded)
        {
            Error!.Throw();
        }
    }
}
