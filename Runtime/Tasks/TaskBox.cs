using System.Runtime.CompilerServices;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using CoroGen.CompilerServices;
using CoroGen.Futures;
using CoroGen.Loop;

namespace CoroGen;

/// <summary>
/// The pooled object behind a <see cref="CoroTask"/>: asyncio's <c>Task</c>, which drives one
/// coroutine on the loop. Users hold <see cref="CoroTask"/>/<see cref="CoroTask{T}"/> handles;
/// generated code and awaiters see this type.
/// </summary>
/// <remarks>
/// <para>Ground rules: loop thread only. A task waits on at most one thing at a time
/// (<see cref="WaitingOn"/>), so the box itself is the waiter node: sources keep the box, never a
/// delegate or a node object. A box is scheduled at most once at a time (<c>_scheduled</c>).</para>
/// <para>Cancellation is asyncio's. <see cref="Cancel"/> first asks the wait source to cancel
/// (cancelling an awaited future or task, dropping a sleep); if it cannot, the request is kept
/// (<c>_mustCancel</c>) and delivered when the task next resumes. A delivered cancellation is
/// raised as <see cref="CancelledError"/> by the awaiter's <c>GetResult</c>. A task whose
/// coroutine finishes while a cancellation is still undelivered ends cancelled.</para>
/// <para>Pooling: the box returns to its pool once it is done, an await has consumed its
/// outcome, every task it woke has read it, and its done callbacks have run. A handle to a
/// recycled box is stale: <c>Done</c> still answers true, everything else throws.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
[DebuggerDisplay("{ToString(),nq}")]
public abstract partial class TaskBox : FutureBase, IRunnable
{
    private bool _scheduled;
    private bool _mustCancel;
    private bool _deliverCancel;

    // How many tasks, on any thread, have a delivered cancellation their next CoroGen await has
    // not raised yet. A task's own delivery is counted on its loop's thread before it resumes,
    // so zero read on that thread proves the running task has none: awaiters check this plain
    // static first and look up the current task (a thread-static read) only when it is not zero.
    private static int s_deliveredCancels;
    private bool _consumed;
    private int _cancelRequests;
    private int _wokenAwaiters;
    private int _pendingCallbacks;
    private int _pins;
    private bool _exceptionRetrieved;
    private string? _createdAt;
    private long _id;
    private string? _name;
    private Action? _foreignWake;
    private Action? _resume;

    private protected TaskBox()
        : base(null)
    {
    }

    /// <summary>Bumped each time the box is recycled; handles carry the version they were made for.</summary>
    internal int Version;

    /// <summary>Bumped at every resumption and when a sleep's timer fires; a timer entry made under an older token is dead.</summary>
    internal int WaitToken;

    /// <summary>The <see cref="WaitToken"/> the current sleep's timer entry was made under.</summary>
    internal int SleepToken = -1;

    /// <summary>What the task is suspended on, or <see langword="null"/> while running or scheduled.</summary>
    internal IWaitSource? WaitingOn;

    /// <summary>The source whose completion woke the task, until it suspends again.</summary>
    internal FutureBase? ResumedFrom;

    /// <summary>
    /// The wait list that woke this task with something handed over (a lock, a permit, an event
    /// being set), until the awaiter's <c>GetResult</c> takes it. A task cancelled before it
    /// runs gives the grant back; see <see cref="Sync.Waiters"/>.
    /// </summary>
    internal object? Grant;

    /// <summary>The task's context variables: a copy (shared reference) of its spawner's at spawn time.</summary>
    internal System.Collections.Immutable.ImmutableDictionary<object, object?>? Context;

    /// <summary>Builder path: the <c>MoveNext</c> of the innermost suspended coroutine.</summary>
    internal Action? Continuation;

    internal bool Started;

    internal TaskBox? LivePrevious;

    /// <summary>Links in the <see cref="WaitQueue"/> the task waits in, if any.</summary>
    internal TaskBox? WaitNext;

    internal TaskBox? WaitPrevious;

    internal bool InWaitQueue;

    internal TaskBox? LiveNext;

    /// <summary>True while the box is in use (between rent and recycle).</summary>
    internal bool InUse;

    internal int CancelRequests => _cancelRequests;

    internal string Name
    {
        get => _name ??= $"Task-{_id}";
        set => _name = value;
    }

    /// <summary>
    /// Prepares a rented box for a new task, links it into the loop's live list, and schedules
    /// its first step, or with <paramref name="eager"/> runs it at once (asyncio 3.12's eager
    /// tasks) when <paramref name="loop"/> is running on this thread.
    /// </summary>
    private protected void Activate(EventLoop loop, string? name, bool eager)
    {
        Context = Tasks.CoroContext.Current;
        Loop = loop;
        Status = FutureStatus.Pending;
        Error = null;
        CancelMessage = null;
        _name = name;
        _id = loop.NextTaskId();
        _cancelRequests = 0;
        _mustCancel = false;
        SetDeliverCancel(false);
        _consumed = false;
        _wokenAwaiters = 0;
        _pendingCallbacks = 0;
        _pins = 0;
        _exceptionRetrieved = false;
        _createdAt = loop.Debug ? Diagnostics.DebugSettings.CaptureCreationSite() : null;
        Started = false;
        Grant = null;
        InUse = true;
        loop.AddLive(this);
        if (eager && ReferenceEquals(EventLoop.Current, loop))
        {
            // The first step runs inside Spawn, up to the first suspension; a coroutine that
            // finishes without suspending is done on return and never touches the ready queue.
            // The spawner is the current task again afterwards.
            RunStepOutOfBatch();
        }
        else
        {
            Wake();
        }
    }

    /// <summary>The task running on the current thread's loop, or an exception saying how to get one.</summary>
    /// <exception cref="InvalidOperationException">No CoroGen task is running.</exception>
    public static TaskBox CurrentOrThrow() =>
        Current ?? throw new InvalidOperationException(
            "A CoroGen awaitable was awaited outside a running CoroGen task: run the coroutine with EventLoop.Run, loop.RunUntilComplete or Coro.Spawn.");

    /// <summary>Requeues the task on its loop unless it is already queued or done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Wake()
    {
        if (_scheduled || IsDone)
        {
            return;
        }

        _scheduled = true;
        Loop.Schedule(this);
    }

    /// <summary>
    /// Suspends the running task for one turn of the loop (<c>Sleep(0)</c>): it goes to the back
    /// of the ready queue. It waits on nothing, so a cancellation requested meanwhile stays
    /// pending (<c>_mustCancel</c>) and is delivered when the task resumes, as asyncio does for a
    /// bare <c>yield</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SuspendYield()
    {
        ResumedFrom = null;
        if (_scheduled || IsDone)
        {
            return;
        }

        _scheduled = true;
        Loop.Schedule(this);
    }

    /// <summary>Records what the task now waits on, and hands over a cancellation requested while it ran.</summary>
    /// <remarks>Call after registering with the source, so a cancelling source can wake the task.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void SuspendOn(IWaitSource source)
    {
        WaitingOn = source;
        ResumedFrom = null;
        if (_mustCancel && source.CancelWait(this, CancelMessage))
        {
            _mustCancel = false;
        }
        else if (_mustCancel)
        {
            Wake();
        }
    }

    /// <summary>Builder path: remember the continuation, then suspend like the machine path does.</summary>
    internal void SuspendBuilder<TAwaiter>(Action continuation, TAwaiter awaiter)
        where TAwaiter : ICoroAwaiter
    {
        Continuation = continuation;
        if (_deliverCancel)
        {
            // A cancellation is waiting to be raised: resume at once and let GetResult raise it.
            Wake();
            return;
        }

        awaiter.Suspend(this);
    }

    /// <summary>Builder path, foreign awaitable (Task, ValueTask, ...): resume through the thread-safe inbox.</summary>
    internal Action SuspendForeign(Action continuation)
    {
        Continuation = continuation;
        WaitingOn = ForeignWait.Instance;
        ResumedFrom = null;
        return _foreignWake ??= () => Loop.PostThreadSafe(this);
    }

    /// <summary>The task running on the current thread's loop, or <see langword="null"/>.</summary>
    internal static TaskBox? Current => EventLoop.Current?.CurrentTask;

    /// <summary>True when a cancellation was delivered and the next CoroGen await will raise it.</summary>
    internal bool CancelIsDelivered => _deliverCancel;

    /// <summary>Marks a cancellation as delivered: the next <see cref="ThrowIfCancelDelivered"/> raises it.</summary>
    internal void DeliverCancel() => SetDeliverCancel(true);

    /// <summary>Sets <c>_deliverCancel</c>, keeping <see cref="s_deliveredCancels"/> in step.</summary>
    private void SetDeliverCancel(bool value)
    {
        if (_deliverCancel == value)
        {
            return;
        }

        _deliverCancel = value;
        if (value)
        {
            Interlocked.Increment(ref s_deliveredCancels);
        }
        else
        {
            Interlocked.Decrement(ref s_deliveredCancels);
        }
    }

    /// <summary>The process-wide count of delivered cancellations not raised yet (for tests).</summary>
    internal static int DeliveredCancelCount => Volatile.Read(ref s_deliveredCancels);

    /// <summary>Drops an undelivered cancellation of a task its closed loop will never resume, so it no longer counts in <see cref="s_deliveredCancels"/>.</summary>
    internal void ForgetDeliveredCancel() => SetDeliverCancel(false);

    /// <summary>
    /// What a CoroGen awaiter's <c>GetResult</c> calls when it has no task at hand: raises a
    /// cancellation delivered to the current task while it was suspended. Costs one static read
    /// unless some task has a delivery pending.
    /// </summary>
    /// <exception cref="CancelledError">The current task was cancelled at this await.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ThrowIfCurrentCancelDelivered()
    {
        if (s_deliveredCancels != 0)
        {
            Current?.ThrowIfCancelDelivered();
        }
    }

    /// <summary>Raises a cancellation delivered while the task was suspended. Every CoroGen awaiter calls this in <c>GetResult</c>.</summary>
    /// <exception cref="CancelledError">The task was cancelled at this await.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ThrowIfCancelDelivered()
    {
        if (_deliverCancel)
        {
            RaiseDeliveredCancel();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RaiseDeliveredCancel()
    {
        SetDeliverCancel(false);
        throw new CancelledError(CancelMessage);
    }

    /// <summary>A source this task registered with completed.</summary>
    internal void OnAwaitedCompleted(FutureBase source)
    {
        if (ReferenceEquals(WaitingOn, source))
        {
            if (source is TaskBox awaited)
            {
                awaited.CountWokenAwaiter();
            }

            ResumedFrom = source;
            Wake();
        }
    }

    /// <summary>
    /// The loop's step of this task, the hot path of every task switch: called by the loop's
    /// batch, where no task is current. An ordinary resumption (started, not done, no
    /// cancellation to hand over) is a few field writes and a call into the coroutine;
    /// everything else takes <see cref="RunStepSlow"/>. A machine box overrides it to run its
    /// struct machine without a further virtual call.
    /// </summary>
    internal virtual void RunFromLoop(EventLoop loop)
    {
        if (!EnterStep(loop))
        {
            return;
        }

        try
        {
            if (Continuation is { } continuation)
            {
                // Builder path: resume the innermost suspended coroutine, whichever kind of box this is.
                Continuation = null;
                continuation();
            }
            else
            {
                Step();
            }
        }
        catch (Exception e)
        {
            ReportStepError(loop, e);
        }

        loop.CurrentTask = null;
    }

    /// <summary>
    /// An exception left <see cref="RunFromLoop"/> (whose task is still current): a box whose
    /// step lets its coroutine's exception through (a machine box) ends the task with it; this
    /// base step catches its own, so whatever reaches here goes on to the loop's caller.
    /// </summary>
    internal virtual void FaultFromLoop(EventLoop loop, Exception error)
    {
        loop.CurrentTask = null;
        ExceptionDispatchInfo.Throw(error);
    }

    /// <summary>
    /// Starts a step from the loop's batch: an ordinary resumption makes the task current and
    /// returns true (the caller resumes the coroutine, then clears <see cref="EventLoop.CurrentTask"/>);
    /// anything else runs the general step here and returns false.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected bool EnterStep(EventLoop loop)
    {
        _scheduled = false;
        if (!Started || _mustCancel || IsDone)
        {
            RunStepSlow(loop);
            return false;
        }

        WaitingOn = null;
        WaitToken++;
        loop.CurrentTask = this;
        return true;
    }

    /// <summary>Builder-path resumption of a box whose own step is a struct machine (see <see cref="MachineCoroBox{TMachine, T}"/>), with the step's error handling.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private protected void ResumeContinuation(EventLoop loop)
    {
        try
        {
            var continuation = Continuation!;
            Continuation = null;
            continuation();
        }
        catch (Exception e)
        {
            ReportStepError(loop, e);
        }

        loop.CurrentTask = null;
    }

    /// <summary>Runs a step outside the loop's batch (an eager first step, debug mode's timed run): the current task is restored afterwards.</summary>
    private void RunStepOutOfBatch()
    {
        var loop = Loop;
        var previous = loop.CurrentTask;
        loop.CurrentTask = null;
        try
        {
            _scheduled = false;
            RunStepSlow(loop);
        }
        finally
        {
            loop.CurrentTask = previous;
        }
    }

    void IRunnable.Run() => RunStepOutOfBatch();

    /// <summary>The general step: the first one, a done task, or a cancellation to hand over. Leaves no task current.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunStepSlow(EventLoop loop)
    {
        if (IsDone)
        {
            return;
        }

        // A foreign awaiter's GetResult cannot raise the cancellation, so after a foreign wait
        // the request stays pending and the next suspension hands it over (as asyncio's
        // _must_cancel does); otherwise the awaiter we resume at raises it.
        if (_mustCancel && WaitingOn is not ForeignWait)
        {
            _mustCancel = false;
            SetDeliverCancel(true);
        }

        WaitingOn = null;
        WaitToken++;

        loop.CurrentTask = this;
        try
        {
            if (!Started && _deliverCancel)
            {
                // asyncio throws CancelledError into a coroutine that never started: its body never runs.
                Started = true;
                SetDeliverCancel(false);
                AbandonUnstarted();
                FinishCancelled(new CancelledError(CancelMessage));
            }
            else if (Continuation is { } continuation)
            {
                // Builder path: resume the innermost suspended coroutine, whichever kind of box this is.
                Continuation = null;
                continuation();
            }
            else
            {
                Step();
            }
        }
        catch (Exception e)
        {
            ReportStepError(loop, e);
        }
        finally
        {
            loop.CurrentTask = null;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private protected void ReportStepError(EventLoop loop, Exception e) =>
        loop.CallExceptionHandler(new ExceptionContext("Internal error while stepping a task") { Exception = e, Task = Handle() });

    /// <summary>
    /// Resumes the task inline from inside its own step: what a builder-path coroutine that the
    /// task awaits calls when it completes.
    /// </summary>
    internal Action ResumeAction => _resume ??= Step;

    /// <summary>
    /// Machine path: what resumes the struct machine running now. A machine that is the task's
    /// root resumes through the task's step (<see langword="null"/> here); a machine running in a
    /// pooled <c>MachineCoroBox</c> (a machine-backed <see cref="Coro{T}"/> awaited by other code,
    /// or a boxed recursive call) sets its own resume action for the duration of its step, so an
    /// awaited coroutine's completion resumes that machine and not the root.
    /// </summary>
    internal Action? FrameResume;

    /// <summary>The action that resumes the machine running now (see <see cref="FrameResume"/>).</summary>
    internal Action CurrentFrameResume => FrameResume ?? ResumeAction;

    /// <summary>
    /// Starts the coroutine, or resumes a struct machine. Runs with this task as the loop's
    /// current task; a pending builder-path <see cref="Continuation"/> is resumed instead.
    /// </summary>
    private protected abstract void Step();

    /// <summary>Releases the coroutine of a task cancelled before it started.</summary>
    private protected abstract void AbandonUnstarted();

    /// <summary>Returns the box to its pool.</summary>
    private protected abstract void ReturnToPool();

    /// <summary>The handle for the current use of this box.</summary>
    internal CoroTask Handle() => new(this, Version);

    /// <summary>Ends the task with its outcome; the coroutine returned normally.</summary>
    private protected void FinishSucceeded()
    {
        if (_mustCancel || _deliverCancel)
        {
            // asyncio: a task cancelled right before its coroutine returns ends cancelled.
            FinishCancelled(new CancelledError(CancelMessage));
            return;
        }

        Finish(FutureStatus.Succeeded, null);
    }

    /// <summary>Ends the task with the exception its coroutine raised.</summary>
    private protected void FinishFaulted(Exception exception)
    {
        if (exception is CancelledError cancelled)
        {
            FinishCancelled(cancelled);
        }
        else
        {
            Finish(FutureStatus.Faulted, ExceptionDispatchInfo.Capture(exception));
        }
    }

    private void FinishCancelled(CancelledError error)
    {
        CancelMessage ??= error.CancelMessage;
        Finish(FutureStatus.Cancelled, ExceptionDispatchInfo.Capture(error));
    }

    private void Finish(FutureStatus status, ExceptionDispatchInfo? error)
    {
        _mustCancel = false;
        SetDeliverCancel(false);
        WaitingOn = null;
        Continuation = null;
        Loop.RemoveLive(this);
        _wokenAwaiters = 0;
        Complete(status, error);
    }

    /// <summary>asyncio's <c>Task.cancel</c>: counts the request and cancels at the current await.</summary>
    internal bool Cancel(string? message)
    {
        if (IsDone)
        {
            return false;
        }

        _cancelRequests++;
        CancelMessage = message;
        if (WaitingOn is { } source && source.CancelWait(this, message))
        {
            return true;
        }

        _mustCancel = true;
        return true;
    }

    /// <summary>asyncio's <c>Task.uncancel</c>: withdraws a request; at zero, an undelivered cancellation is dropped.</summary>
    internal int Uncancel()
    {
        if (IsDone)
        {
            return _cancelRequests;
        }

        if (_cancelRequests > 0)
        {
            _cancelRequests--;
            if (_cancelRequests == 0)
            {
                _mustCancel = false;
            }
        }

        return _cancelRequests;
    }

    private protected override bool CancelFromWaiter(string? message) => Cancel(message);

    /// <inheritdoc />
    public override string ToString() => InUse
        ? $"<Task {Name} {Status}{(_cancelRequests > 0 && !IsDone ? " cancelling" : "")}>"
        : "<Task (recycled)>";
}

/// <summary>A task suspended on a foreign awaitable: it cannot be woken early, so cancellation waits for the resume.</summary>
internal sealed class ForeignWait : IWaitSource
{
    public static readonly ForeignWait Instance = new();

    public bool CancelWait(TaskBox task, string? message) => false;
}
