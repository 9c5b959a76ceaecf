using CoroGen.Loop;

namespace CoroGen;

/// <summary>
/// The task's outcome side: awaiting a task, reading its outcome, done callbacks, and when the
/// pooled box may be reused.
/// </summary>
/// <remarks>
/// A box is recycled only when all of these hold: it is done, an await consumed its outcome,
/// every task its completion woke has read it (<c>_wokenAwaiters</c>), its scheduled done
/// callbacks have run (<c>_pendingCallbacks</c>), no combinator pins it (<c>_pins</c>), and no
/// listener is left. Every reader validates the handle's version first.
/// </remarks>
public abstract partial class TaskBox
{
    /// <summary>The coroutine the task runs, as the user named it (for reports), or <see langword="null"/>.</summary>
    internal virtual string? CoroutineName => null;

    /// <summary>The task for a log line: name, state, coroutine, and creation site in debug mode.</summary>
    internal string Describe()
    {
        var text = $"<Task {Name} {Status}{(CoroutineName is { } coro ? $" coro={coro}" : "")}>";
        return _createdAt is null ? text : $"{text}\nTask created at:\n{_createdAt}";
    }

    /// <summary>Notes that someone looked at the task's exception, so it is not reported as never retrieved.</summary>
    internal void MarkExceptionRetrieved() => _exceptionRetrieved = true;

    /// <summary>Keeps the box from being recycled while a combinator still reads it (see <see cref="Unpin"/>).</summary>
    internal void Pin() => _pins++;

    /// <summary>Releases a <see cref="Pin"/>.</summary>
    internal void Unpin()
    {
        _pins--;
        RecycleIfUnused();
    }

    /// <summary>Adds a user done callback, or schedules it at once if the task is done, keeping the box alive until it ran.</summary>
    internal void AddOrScheduleDoneCallback(Delegate callback)
    {
        if (IsDone)
        {
            ScheduleDoneCallback(callback);
        }
        else
        {
            AddListener(callback);
        }
    }

    /// <summary>
    /// asyncio's "Task exception was never retrieved": a failed task that nobody awaited or
    /// asked for its exception is reported when it is collected (recycled boxes are reachable
    /// from their pool and never get here).
    /// </summary>
    ~TaskBox()
    {
        if (InUse && Status == FutureStatus.Faulted && !_exceptionRetrieved)
        {
            Diagnostics.DebugReports.Report(Loop, Microsoft.Extensions.Logging.LogLevel.Error, $"Task exception was never retrieved: {Describe()}", Error?.SourceException);
        }
    }

    private protected override void ScheduleDoneCallback(Delegate callback)
    {
        _pendingCallbacks++;
        Loop.CallSoon(static state => state.box.RunDoneCallback(state.callback, state.version), (box: this, callback, version: Version));
    }

    private void RunDoneCallback(Delegate callback, int version)
    {
        try
        {
            switch (callback)
            {
                case Action<CoroTask> action:
                    action(new CoroTask(this, version));
                    break;
                default:
                    InvokeTypedDoneCallback(callback, version);
                    break;
            }
        }
        finally
        {
            _pendingCallbacks--;
            RecycleIfUnused();
        }
    }

    private protected abstract void InvokeTypedDoneCallback(Delegate callback, int version);

    /// <summary>Counts the tasks a completion wakes, so the box outlives their reads.</summary>
    internal void CountWokenAwaiter() => _wokenAwaiters++;

    /// <summary>Called by an awaiter's <c>GetResult</c> once it has read the outcome.</summary>
    internal void OnOutcomeConsumed(bool wasWoken)
    {
        _exceptionRetrieved = true;
        if (wasWoken && _wokenAwaiters > 0)
        {
            _wokenAwaiters--;
        }

        _consumed = true;
        RecycleIfUnused();
    }

    private void RecycleIfUnused()
    {
        if (_consumed && IsDone && _wokenAwaiters == 0 && _pendingCallbacks == 0 && _pins == 0 && !HasListeners && InUse)
        {
            InUse = false;
            Version++;
            ResumedFrom = null;
            Error = null;
            ReturnToPool();
        }
    }

    /// <summary>Throws when <paramref name="version"/> is not the box's current use.</summary>
    internal void Validate(int version)
    {
        if (version != Version)
        {
            throw new InvalidOperationException(
                "This CoroTask handle is stale: the task finished, an await consumed its outcome, and its pooled box was reused. " +
                "Read Result or Exception before awaiting, or keep the value the await returned.");
        }
    }

    internal bool IsDoneOrRecycled(int version) => version != Version || IsDone;

    /// <summary>Reads a void outcome for an await: returns on success, throws otherwise; then releases the box if unused.</summary>
    internal void ConsumeOutcome(int version, bool wasWoken)
    {
        Validate(version);
        if (!IsDone)
        {
            throw new InvalidStateError("The task is still running: await it inside a CoroGen task instead of blocking on it.");
        }

        var status = Status;
        var error = Error;
        OnOutcomeConsumed(wasWoken);
        if (status != FutureStatus.Succeeded)
        {
            error!.Throw();
        }
    }

    /// <summary>Suspends <paramref name="waiter"/> until this task is done (awaiting a task).</summary>
    internal void SuspendAwaiter(TaskBox waiter, int version)
    {
        Validate(version);
        if (ReferenceEquals(waiter, this))
        {
            throw new InvalidOperationException("A task cannot await itself: it would wait forever.");
        }

        if (IsDone)
        {
            // Machine path awaiting a finished task: wake the waiter as completion would have.
            waiter.SuspendOn(this);
            CountWokenAwaiter();
            waiter.ResumedFrom = this;
            waiter.Wake();
            return;
        }

        AddListener(waiter);
        waiter.SuspendOn(this);
    }

    /// <summary>For an awaiter's GetResult: delivers a pending cancellation and tells whether this task's completion woke the caller.</summary>
    internal bool BeginConsume()
    {
        var current = Current;
        if (current is null)
        {
            return false;
        }

        var woken = ReferenceEquals(current.ResumedFrom, this);
        if (woken)
        {
            current.ResumedFrom = null;
        }

        if (current.CancelIsDelivered)
        {
            if (woken && _wokenAwaiters > 0)
            {
                // The cancelled waiter will never read the outcome: stop keeping the box for it.
                _wokenAwaiters--;
                RecycleIfUnused();
            }

            current.ThrowIfCancelDelivered();
        }

        return woken;
    }
}
