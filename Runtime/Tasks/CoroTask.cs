using System.Diagnostics;
using CoroGen.CompilerServices;

namespace CoroGen;

/// <summary>
/// A handle to a spawned task (asyncio's <c>Task</c>), returned by <see cref="Coro.Spawn(Coro, string?, bool?)"/>.
/// The task runs concurrently with its spawner on the same loop; await the handle to get its outcome.
/// </summary>
/// <remarks>
/// Tasks live in pooled boxes so spawning allocates nothing in steady state. The price, as with
/// <see cref="ValueTask"/>: once the task is done, an await has read its outcome and its done
/// callbacks have run, the box is reused and older handles go stale. A stale handle still
/// answers <see cref="Done"/> (true); its other members throw <see cref="InvalidOperationException"/>.
/// Several tasks may await the same task at once; read <c>Result</c> before awaiting if you need it twice.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct CoroTask : IEquatable<CoroTask>
{
    internal readonly TaskBox? Box;
    internal readonly int Version;

    internal CoroTask(TaskBox box, int version)
    {
        Box = box;
        Version = version;
    }

    private TaskBox Checked
    {
        get
        {
            if (Box is null)
            {
                throw new InvalidOperationException("This CoroTask is default: it was never returned by Coro.Spawn.");
            }

            Box.Validate(Version);
            return Box;
        }
    }

    /// <summary>The task's name (default <c>Task-N</c>).</summary>
    public string Name => Checked.Name;

    /// <summary>Renames the task (asyncio's <c>set_name</c>).</summary>
    public void SetName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Checked.Name = name;
    }

    /// <summary>True once the task finished: returned, raised, or was cancelled.</summary>
    public bool Done => Box is null || Box.IsDoneOrRecycled(Version);

    /// <summary>True if the task ended by cancellation.</summary>
    public bool Cancelled => Checked.Status == FutureStatus.Cancelled;

    /// <summary>The task's status.</summary>
    public FutureStatus Status => Checked.Status;

    /// <summary>
    /// The exception the task raised, or <see langword="null"/> if it returned. Throws
    /// <see cref="CancelledError"/> if it was cancelled and <see cref="InvalidStateError"/> if it is still running.
    /// </summary>
    public Exception? Exception
    {
        get
        {
            var box = Checked;
            if (!box.IsDone)
            {
                throw new InvalidStateError("Exception is not ready: the task is still running. Await it first.");
            }

            box.MarkExceptionRetrieved();
            if (box.Status == FutureStatus.Cancelled)
            {
                box.Error!.Throw();
            }

            return box.Error?.SourceException;
        }
    }

    /// <summary>
    /// Requests cancellation (asyncio's <c>Task.cancel</c>): the task gets <see cref="CancelledError"/>
    /// at its current await. Returns false if it is already done.
    /// </summary>
    public bool Cancel(string? message = null)
    {
        if (Done)
        {
            return false;
        }

        var box = Checked;
        box.Loop.CheckThread();
        return box.Cancel(message);
    }

    /// <summary>The number of cancellation requests not yet withdrawn by <see cref="Uncancel"/>.</summary>
    public int Cancelling() => Checked.CancelRequests;

    /// <summary>Withdraws one cancellation request; at zero, a cancellation not yet delivered is dropped. Returns the new count.</summary>
    public int Uncancel() => Checked.Uncancel();

    /// <summary>Adds a callback scheduled with <c>CallSoon</c> when the task is done (at once if it is).</summary>
    public void AddDoneCallback(Action<CoroTask> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Checked.AddOrScheduleDoneCallback(callback);
    }

    /// <summary>Removes every registration of <paramref name="callback"/>; returns how many were removed.</summary>
    public int RemoveDoneCallback(Action<CoroTask> callback) => Checked.RemoveListener(callback);

    /// <summary>Waits for the task; rethrows its exception or <see cref="CancelledError"/>.</summary>
    public Awaiter GetAwaiter() => new(Checked, Version);

    /// <inheritdoc />
    public bool Equals(CoroTask other) => ReferenceEquals(Box, other.Box) && Version == other.Version;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CoroTask other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Box, Version);

    /// <summary>Compares two handles.</summary>
    public static bool operator ==(CoroTask left, CoroTask right) => left.Equals(right);

    /// <summary>Compares two handles.</summary>
    public static bool operator !=(CoroTask left, CoroTask right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => Box is null ? "<Task default>" : Box.Version == Version ? Box.ToString() : "<Task done (recycled)>";

    /// <summary>True when the box behind this handle was recycled (the task is done and its outcome consumed).</summary>
    internal bool IsStale => Box is not null && Box.Version != Version;

    /// <summary>Awaits a <see cref="CoroTask"/>.</summary>
    public readonly struct Awaiter : ICoroAwaiter
    {
        private readonly TaskBox _box;
        private readonly int _version;

        internal Awaiter(TaskBox box, int version)
        {
            _box = box;
            _version = version;
        }

        /// <summary>True when the task is done.</summary>
        public bool IsCompleted
        {
            get
            {
                _box.Validate(_version);
                return _box.IsDone;
            }
        }

        /// <summary>Returns if the task succeeded; rethrows its exception or cancellation otherwise.</summary>
        public void GetResult() => _box.ConsumeOutcome(_version, _box.BeginConsume());

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => TaskBox.CurrentOrThrow().SuspendBuilder(continuation, this);

        /// <inheritdoc />
        public void Suspend(TaskBox task) => _box.SuspendAwaiter(task, _version);
    }
}

/// <summary>A handle to a spawned task producing a <typeparamref name="T"/>. See <see cref="CoroTask"/> for the handle rules.</summary>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct CoroTask<T> : IEquatable<CoroTask<T>>
{
    internal readonly TaskBox<T>? Box;
    internal readonly int Version;

    internal CoroTask(TaskBox<T> box, int version)
    {
        Box = box;
        Version = version;
    }

    /// <summary>This handle without its result type.</summary>
    public CoroTask Untyped => Box is null ? default : new CoroTask(Box, Version);

    /// <summary>Converts to the untyped handle.</summary>
    public static implicit operator CoroTask(CoroTask<T> task) => task.Untyped;

    /// <summary>The task's name (default <c>Task-N</c>).</summary>
    public string Name => Untyped.Name;

    /// <summary>Renames the task.</summary>
    public void SetName(string name) => Untyped.SetName(name);

    /// <summary>True once the task finished.</summary>
    public bool Done => Untyped.Done;

    /// <summary>True if the task ended by cancellation.</summary>
    public bool Cancelled => Untyped.Cancelled;

    /// <summary>The task's status.</summary>
    public FutureStatus Status => Untyped.Status;

    /// <summary>The task's result. Throws its exception, <see cref="CancelledError"/> if cancelled, <see cref="InvalidStateError"/> if running.</summary>
    public T Result => Box is null
        ? throw new InvalidOperationException("This CoroTask is default: it was never returned by Coro.Spawn.")
        : Box.ReadResult(Version);

    /// <summary>The exception the task raised, or <see langword="null"/>. See <see cref="CoroTask.Exception"/>.</summary>
    public Exception? Exception => Untyped.Exception;

    /// <summary>Requests cancellation. Returns false if the task is already done.</summary>
    public bool Cancel(string? message = null) => Untyped.Cancel(message);

    /// <summary>The number of cancellation requests not yet withdrawn.</summary>
    public int Cancelling() => Untyped.Cancelling();

    /// <summary>Withdraws one cancellation request; returns the new count.</summary>
    public int Uncancel() => Untyped.Uncancel();

    /// <summary>Adds a callback scheduled when the task is done.</summary>
    public void AddDoneCallback(Action<CoroTask<T>> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var box = Box ?? throw new InvalidOperationException("This CoroTask is default: it was never returned by Coro.Spawn.");
        box.Validate(Version);
        box.AddOrScheduleDoneCallback(callback);
    }

    /// <summary>Removes every registration of <paramref name="callback"/>; returns how many were removed.</summary>
    public int RemoveDoneCallback(Action<CoroTask<T>> callback)
    {
        var box = Box ?? throw new InvalidOperationException("This CoroTask is default: it was never returned by Coro.Spawn.");
        box.Validate(Version);
        return box.RemoveListener(callback);
    }

    /// <summary>
    /// A .NET task that completes with this task's outcome, for code outside the loop. Its
    /// continuations run asynchronously, never inline on the loop thread. Must be called on the loop thread.
    /// </summary>
    public Task<T> AsTask()
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        AddDoneCallback(done =>
        {
            switch (done.Status)
            {
                case FutureStatus.Succeeded:
                    completion.TrySetResult(done.Result);
                    break;
                case FutureStatus.Faulted:
                    completion.TrySetException(done.Exception!);
                    break;
                default:
                    completion.TrySetCanceled();
                    break;
            }
        });
        return completion.Task;
    }

    /// <summary>Waits for the task and returns its result.</summary>
    public Awaiter GetAwaiter()
    {
        var box = Box ?? throw new InvalidOperationException("This CoroTask is default: it was never returned by Coro.Spawn.");
        box.Validate(Version);
        return new Awaiter(box, Version);
    }

    /// <inheritdoc />
    public bool Equals(CoroTask<T> other) => ReferenceEquals(Box, other.Box) && Version == other.Version;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CoroTask<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Box, Version);

    /// <summary>Compares two handles.</summary>
    public static bool operator ==(CoroTask<T> left, CoroTask<T> right) => left.Equals(right);

    /// <summary>Compares two handles.</summary>
    public static bool operator !=(CoroTask<T> left, CoroTask<T> right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => Untyped.ToString();

    /// <summary>Awaits a <see cref="CoroTask{T}"/>.</summary>
    public readonly struct Awaiter : ICoroAwaiter
    {
        private readonly TaskBox<T> _box;
        private readonly int _version;

        internal Awaiter(TaskBox<T> box, int version)
        {
            _box = box;
            _version = version;
        }

        /// <summary>True when the task is done.</summary>
        public bool IsCompleted
        {
            get
            {
                _box.Validate(_version);
                return _box.IsDone;
            }
        }

        /// <summary>The task's result; rethrows its exception or cancellation.</summary>
        public T GetResult() => _box.ConsumeResult(_version, _box.BeginConsume());

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => TaskBox.CurrentOrThrow().SuspendBuilder(continuation, this);

        /// <inheritdoc />
        public void Suspend(TaskBox task) => _box.SuspendAwaiter(task, _version);
    }
}
