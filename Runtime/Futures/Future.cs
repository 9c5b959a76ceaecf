using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using CoroGen.CompilerServices;

namespace CoroGen;

/// <summary>
/// A result that will be set later, by a callback or another task (asyncio's <c>Future</c>).
/// Any number of coroutines may await it and all see the same outcome.
/// </summary>
/// <remarks>Not thread-safe: complete it on the loop thread (from another thread, use <see cref="EventLoop.CallSoonThreadSafe(Action)"/>).</remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class Future<T> : FutureBase
{
    private T? _result;

    /// <summary>Creates a future bound to the running loop (asyncio's <c>loop.create_future()</c>).</summary>
    /// <exception cref="InvalidOperationException">No loop runs on this thread.</exception>
    public Future()
        : base(EventLoop.GetRunningLoop())
    {
    }

    internal Future(EventLoop loop)
        : base(loop)
    {
    }

    /// <summary>The loop this future belongs to.</summary>
    public EventLoop GetLoop() => Loop;

    /// <summary>True once the future has a result, an exception, or was cancelled.</summary>
    public bool Done => IsDone;

    /// <summary>True if the future was cancelled.</summary>
    public bool Cancelled => Status == FutureStatus.Cancelled;

    /// <summary>The future's status.</summary>
    public FutureStatus State => Status;

    /// <summary>The result. Throws the future's exception, <see cref="CancelledError"/> if cancelled, or <see cref="InvalidStateError"/> if pending.</summary>
    public T Result
    {
        get
        {
            ThrowIfPending("Result");
            ThrowIfNotSucceeded();
            return _result!;
        }
    }

    /// <summary>The exception, or <see langword="null"/> for a result. Throws <see cref="CancelledError"/> if cancelled, <see cref="InvalidStateError"/> if pending.</summary>
    public Exception? Exception
    {
        get
        {
            ThrowIfPending("Exception");
            if (Status == FutureStatus.Cancelled)
            {
                Error!.Throw();
            }

            return Error?.SourceException;
        }
    }

    /// <summary>Sets the result and schedules the done callbacks.</summary>
    /// <exception cref="InvalidStateError">The future is already done.</exception>
    public void SetResult(T result)
    {
        if (!TrySetResult(result))
        {
            throw new InvalidStateError($"Cannot set the result of a future that is already {Status}.");
        }
    }

    /// <summary>Sets the result unless the future is already done; returns whether it did.</summary>
    public bool TrySetResult(T result)
    {
        Loop.CheckThread();
        if (IsDone)
        {
            return false;
        }

        _result = result;
        Complete(FutureStatus.Succeeded, null);
        return true;
    }

    /// <summary>Sets an exception that awaiters will receive.</summary>
    /// <exception cref="InvalidStateError">The future is already done.</exception>
    /// <exception cref="ArgumentException"><paramref name="exception"/> is a <see cref="CancelledError"/>: use <see cref="Cancel"/>.</exception>
    public void SetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (!TrySetException(exception))
        {
            throw new InvalidStateError($"Cannot set the exception of a future that is already {Status}.");
        }
    }

    /// <summary>Sets an exception unless the future is already done; returns whether it did.</summary>
    public bool TrySetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is CancelledError)
        {
            throw new ArgumentException("Cannot set a CancelledError as a future's exception: call Cancel() instead.", nameof(exception));
        }

        Loop.CheckThread();

        if (IsDone)
        {
            return false;
        }

        Complete(FutureStatus.Faulted, ExceptionDispatchInfo.Capture(exception));
        return true;
    }

    /// <summary>Cancels the future: false if already done; otherwise awaiters get <see cref="CancelledError"/> with <paramref name="message"/>.</summary>
    public bool Cancel(string? message = null)
    {
        Loop.CheckThread();
        return TryCancelCore(message);
    }

    /// <summary>Adds a callback scheduled (never run inline) when the future is done; at once if it already is.</summary>
    public void AddDoneCallback(Action<Future<T>> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (IsDone)
        {
            ScheduleDoneCallback(callback);
        }
        else
        {
            AddListener(callback);
        }
    }

    /// <summary>Removes every registration of <paramref name="callback"/>; returns how many were removed.</summary>
    public int RemoveDoneCallback(Action<Future<T>> callback) => RemoveListener(callback);

    /// <summary>
    /// A .NET task that completes with this future's outcome, for code outside the loop
    /// (asyncio's <c>wrap_future</c> the other way round). Its continuations run asynchronously,
    /// never inline on the loop thread.
    /// </summary>
    public Task<T> AsTask()
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        AddDoneCallback(done =>
        {
            switch (done.Status)
            {
                case FutureStatus.Succeeded:
                    completion.TrySetResult(done._result!);
                    break;
                case FutureStatus.Faulted:
                    completion.TrySetException(done.Error!.SourceException);
                    break;
                default:
                    completion.TrySetCanceled();
                    break;
            }
        });
        return completion.Task;
    }

    /// <summary>Gets the awaiter; awaiting a future suspends the task until it is done.</summary>
    public Awaiter GetAwaiter() => new(this);

    /// <inheritdoc />
    public override string ToString() => Status switch
    {
        FutureStatus.Succeeded => $"<Future succeeded result={_result}>",
        FutureStatus.Faulted => $"<Future faulted exception={Error!.SourceException.GetType().Name}>",
        _ => $"<Future {Status}>",
    };

    private protected override void ScheduleDoneCallback(Delegate callback) =>
        Loop.CallSoon((Action<Future<T>>)callback, this);

    private protected override bool CancelFromWaiter(string? message) => TryCancelCore(message);

    private void ThrowIfPending(string what)
    {
        if (!IsDone)
        {
            throw new InvalidStateError($"{what} is not ready: the future is still pending. Await it first.");
        }
    }

    /// <summary>Awaits a <see cref="Future{T}"/>.</summary>
    public readonly struct Awaiter : ICoroAwaiter
    {
        private readonly Future<T> _future;

        internal Awaiter(Future<T> future) => _future = future;

        /// <summary>True when the future is done.</summary>
        public bool IsCompleted => _future.IsDone;

        /// <summary>Returns the result or throws the future's exception.</summary>
        public T GetResult()
        {
            TaskBox.Current?.ThrowIfCancelDelivered();
            if (!_future.IsDone)
            {
                throw new InvalidStateError("The future is still pending: await it inside a CoroGen task instead of blocking on it.");
            }

            _future.ThrowIfNotSucceeded();
            return _future._result!;
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => TaskBox.CurrentOrThrow().SuspendBuilder(continuation, this);

        /// <inheritdoc />
        public void Suspend(TaskBox task)
        {
            if (_future.IsDone)
            {
                task.Wake();
            }
            else
            {
                _future.AddListener(task);
            }

            task.SuspendOn(_future);
        }
    }
}
