using System.ComponentModel;

namespace CoroGen;

/// <summary>A <see cref="TaskBox"/> whose coroutine produces a <typeparamref name="T"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class TaskBox<T> : TaskBox
{
    private protected T? _result;

    /// <summary>Ends the task with <paramref name="result"/>.</summary>
    private protected void FinishSucceeded(T result)
    {
        _result = result;
        FinishSucceeded();
    }

    /// <summary>The result for a validated handle: the value, or the stored exception or cancellation thrown.</summary>
    internal T ReadResult(int version)
    {
        Validate(version);
        if (!IsDone)
        {
            throw new InvalidStateError("Result is not ready: the task is still running. Await it first.");
        }

        if (Status != FutureStatus.Succeeded)
        {
            MarkExceptionRetrieved();
            Error!.Throw();
        }

        return _result!;
    }

    /// <summary>Reads the outcome for an await and releases the box when nobody else needs it.</summary>
    internal T ConsumeResult(int version, bool wasWoken)
    {
        Validate(version);
        if (!IsDone)
        {
            throw new InvalidStateError("The task is still running: await it inside a CoroGen task instead of blocking on it.");
        }

        var status = Status;
        var error = Error;
        var result = _result;
        OnOutcomeConsumed(wasWoken);
        if (status != FutureStatus.Succeeded)
        {
            error!.Throw();
        }

        return result!;
    }

    private protected void ClearResult() => _result = default;

    private protected override void InvokeTypedDoneCallback(Delegate callback, int version) =>
        ((Action<CoroTask<T>>)callback)(new CoroTask<T>(this, version));
}
