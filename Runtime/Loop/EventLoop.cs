using System.Diagnostics;
using System.Runtime.CompilerServices;
using CoroGen.Loop;

namespace CoroGen;

/// <summary>
/// A single-threaded event loop, the heart of asyncio: it runs ready callbacks and task steps in
/// FIFO order, fires timers in deadline order, and accepts work from other threads only through
/// <see cref="CallSoonThreadSafe(Action)"/> and <see cref="RunCoroutineThreadSafe{T}(Coro{T}, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// Ground rules: every member except the thread-safe doors runs on the thread that runs the loop;
/// debug mode throws on a call from any other thread. One iteration (<see cref="RunOnce"/>) is
/// asyncio's <c>_run_once</c>: drain posts from other threads, wait for the nearest timer only
/// when nothing is ready, move due timers to the ready queue, then run exactly the callbacks
/// that were ready when the batch began. Anything scheduled by the batch runs in the next one,
/// which is what makes <see cref="Stop"/> finish the current batch and no more.
/// <para>Unlike asyncio, an iteration does not always ask the kernel for I/O: once the reactor
/// exists it is polled when the ready queue drains (blocking for the nearest timer), and otherwise
/// only after <see cref="IoPollInterval"/> callbacks have run since the last poll, so a busy loop
/// (a task yielding with <c>Sleep(0)</c> forever) pays one <c>epoll_wait</c> per that many hops
/// and still cannot starve I/O.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed partial class EventLoop : IDisposable
{
    [ThreadStatic]
    private static EventLoop? t_running;

    // Compaction follows asyncio: only when there are enough timers for it to matter and over
    // half of them are dead.
    private const int MinTimersToCompact = 100;

    /// <summary>
    /// While callbacks keep the ready queue non-empty, the reactor is polled (zero timeout) at the
    /// first batch boundary after this many callbacks ran since the last poll. 64 is Tokio's order
    /// (it checks I/O every 61 ticks): one <c>epoll_wait</c> of about half a microsecond spread over
    /// 64 hops adds under 10 ns to each, while a descriptor that becomes ready waits at most 64
    /// callbacks (plus the rest of the batch it arrived in) for its task to be queued.
    /// </summary>
    internal const int IoPollInterval = 64;

    private readonly TimeProvider _clock;
    private readonly VirtualTimeProvider? _virtualClock;
    private readonly double _ticksPerSecond;
    private readonly ThreadSafeInbox _inbox = new();
    private readonly TextWriter _errorWriter;
    private ReadyQueue _ready = new(256);
    private TimerHeap _timers = new(64);
    private int _deadTimers;
    private LoopState _state;
    private bool _stopping;
    private int _ownerThreadId;
    private int _runSincePoll;

    /// <summary>
    /// The task whose step runs now on this loop (asyncio's <c>current_task</c>), or
    /// <see langword="null"/> between steps. Kept on the loop rather than in a thread-static, so
    /// entering and leaving a step are two field writes; <see cref="TaskBox.Current"/> finds it
    /// through the running loop.
    /// </summary>
    internal TaskBox? CurrentTask;

    /// <summary>Creates a loop. Prefer <see cref="Run{T}(Coro{T}, bool?, Func{EventLoop}?)"/> or a <see cref="Runner"/>, which also clean up.</summary>
    public EventLoop(EventLoopOptions? options = null)
    {
        options ??= new EventLoopOptions();
        _clock = options.TimeProvider ?? TimeProvider.System;
        _virtualClock = _clock as VirtualTimeProvider;
        _ticksPerSecond = _clock.TimestampFrequency;
#pragma warning disable RS0030 // The default sink when the user gives neither a logger nor a writer.
        _errorWriter = options.ErrorWriter ?? Console.Error;
#pragma warning restore RS0030
        _logger = options.Logger;
        Debug = options.Debug ?? Diagnostics.DebugSettings.FromEnvironment;
        Diagnostics.RuntimeMetrics.Register(this);
    }

    private enum LoopState
    {
        Idle,
        Running,
        Closed,
    }

    /// <summary>The loop running on the current thread, or <see langword="null"/>.</summary>
    public static EventLoop? Current => t_running;

    /// <summary>Debug mode: extra checks (wrong-thread calls throw) at some cost.</summary>
    public bool Debug { get; set; }

    /// <summary>True while <see cref="RunForever"/> or <see cref="RunUntilComplete{T}(Coro{T})"/> runs.</summary>
    public bool IsRunning => _state == LoopState.Running;

    /// <summary>True once the loop was disposed (asyncio's <c>close</c>).</summary>
    public bool IsClosed => _state == LoopState.Closed;

    /// <summary>The loop's monotonic clock, in seconds (asyncio's <c>loop.time()</c>).</summary>
    public double Time => TicksToSeconds(Now);

    internal long Now => _clock.GetTimestamp();

    /// <summary>The running loop; throws when none runs on this thread (asyncio's <c>get_running_loop</c>).</summary>
    /// <exception cref="InvalidOperationException">No event loop is running on this thread.</exception>
    public static EventLoop GetRunningLoop() =>
        t_running ?? throw new InvalidOperationException(
            "No running event loop: call this from a coroutine or callback running on an EventLoop (start one with EventLoop.Run).");

    /// <summary>Runs until <see cref="Stop"/> is called.</summary>
    /// <exception cref="InvalidOperationException">The loop is closed or already running, or another loop runs on this thread.</exception>
    public void RunForever()
    {
        EnterRunning();
        try
        {
            while (true)
            {
                RunOnce();
                if (_stopping)
                {
                    break;
                }
            }
        }
        finally
        {
            _stopping = false;
            ExitRunning();
        }
    }

    /// <summary>
    /// Stops the loop after the current batch of callbacks; callbacks scheduled meanwhile run on
    /// the next <see cref="RunForever"/>. Called before the loop runs, the next run does one iteration.
    /// </summary>
    public void Stop() => _stopping = true;

    /// <summary>
    /// Closes the loop (asyncio's <c>close</c>): drops pending callbacks and timers. Idempotent.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is running.</exception>
    public void Dispose()
    {
        if (_state == LoopState.Running)
        {
            throw new InvalidOperationException("Cannot close a running event loop: call Stop() and let RunForever return first.");
        }

        if (_state == LoopState.Closed)
        {
            return;
        }

        _state = LoopState.Closed;
        Diagnostics.RuntimeMetrics.Unregister(this);
        GC.SuppressFinalize(this);
        _ready.Clear();
        _timers.Clear();
        ForgetLiveTasks();
        _executorShutdown = true;
        DisposeSignalHandlers();
        DisposeChildWatchers();

        // Unhook the reactor's wake-up before closing its eventfd, so a late post from another
        // thread cannot write to a descriptor number the process may already have reused.
        _inbox.SetWaker(null);
        _inbox.Dispose();
        _reactor?.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"<EventLoop {_state} ready={_ready.Count} timers={_timers.Count} debug={Debug}>";

    internal double TicksToSeconds(long ticks) => ticks / _ticksPerSecond;

    internal long SecondsToTicks(double seconds)
    {
        var ticks = seconds * _ticksPerSecond;

        // Saturate far-future deadlines: a timer a century away must not overflow into the past.
        return ticks >= long.MaxValue / 2 ? long.MaxValue / 2 : (long)ticks;
    }

    internal long DeadlineAfter(TimeSpan delay) =>
        delay <= TimeSpan.Zero ? Now : SaturatingAdd(Now, SecondsToTicks(delay.TotalSeconds));

    private static long SaturatingAdd(long a, long b) => b > long.MaxValue / 2 - a ? long.MaxValue / 2 : a + b;

    internal void ThrowIfClosed()
    {
        if (_state == LoopState.Closed)
        {
            throw new InvalidOperationException("Event loop is closed.");
        }
    }

    /// <summary>Debug-mode check that a loop API runs on the loop's thread (asyncio's <c>_check_thread</c>).</summary>
    internal void CheckThread()
    {
        if (Debug && _ownerThreadId != 0 && Environment.CurrentManagedThreadId != _ownerThreadId)
        {
            throw new InvalidOperationException(
                "Non-thread-safe operation invoked on an event loop other than the current one: use CallSoonThreadSafe or RunCoroutineThreadSafe from other threads.");
        }
    }

    private void EnterRunning()
    {
        ThrowIfClosed();
        if (_state == LoopState.Running)
        {
            throw new InvalidOperationException("This event loop is already running.");
        }

        if (t_running is not null)
        {
            throw new InvalidOperationException("Cannot run the event loop while another loop is running on this thread.");
        }

        _state = LoopState.Running;
        _ownerThreadId = Environment.CurrentManagedThreadId;
        t_running = this;
    }

    private void ExitRunning()
    {
        t_running = null;
        CurrentTask = null;
        if (_state == LoopState.Running)
        {
            _state = LoopState.Idle;
        }
    }

    /// <summary>One iteration: poll (when the queue drained, or every <see cref="IoPollInterval"/> callbacks), collect due timers, run one batch of ready callbacks.</summary>
    private void RunOnce()
    {
        _inbox.DrainInto(ref _ready);
        if (_reactor is not null)
        {
            if (_ready.Count == 0 || _runSincePoll >= IoPollInterval)
            {
                _runSincePoll = 0;
                PollReactor(_reactor);
            }
        }
        else if (_ready.Count == 0 && !_stopping)
        {
            WaitForWork();
        }

        if (_timers.Count != 0)
        {
            CollectDueTimers();
        }

        var batch = _ready.Count;
        if (_reactor is not null)
        {
            _runSincePoll += batch;
        }

        if (Debug)
        {
            RunBatchTimed(batch);
            return;
        }

        RunBatch(batch);
    }

    /// <summary>
    /// Runs the <paramref name="batch"/> oldest ready items. A task step is a direct call that
    /// makes the task <see cref="CurrentTask"/> for its duration; anything else runs through
    /// <see cref="IRunnable.Run"/> with no current task.
    /// </summary>
    /// <remarks>
    /// Never inlined: the batch loop is the hottest code of the loop and gets compiled (and
    /// profiled) once, on its own, instead of inside every caller of <see cref="RunForever"/>,
    /// where it loses the profile-guided direct call to the dominant task type and its registers.
    /// <para>When the next iteration would do nothing but run the ready queue (see
    /// <see cref="NextIterationIsOnlyABatch"/>), the next batch starts here at once: the same
    /// batches in the same order, without the round trip through <see cref="RunOnce"/>.</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunBatch(int batch)
    {
        while (true)
        {
            try
            {
                RunBatchItems(batch);
                return;
            }
            catch (Exception e) when (CurrentTask is not null)
            {
                // A machine box's step lets its coroutine's exception through, so the step (the
                // hot path of a switch) has no handler of its own: the task still current is
                // the one that threw, and it deals with the exception here. Then the batch
                // goes on with the items after it.
                CurrentTask.FaultFromLoop(this, e);
            }

            batch = _batchLeft;
        }
    }

    // The items of the running batch not taken yet: where RunBatch picks up after a step threw.
    private int _batchLeft;

    /// <summary>The batch loop proper (see <see cref="RunBatch"/>), without an exception handler, so the step it calls keeps its registers.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunBatchItems(int batch)
    {
        while (true)
        {
            while (batch > 0)
            {
                _batchLeft = --batch;
                if (_ready.Dequeue(out var other) is { } task)
                {
                    task.RunFromLoop(this);
                }
                else
                {
                    other!.Run();
                }
            }

            if (!NextIterationIsOnlyABatch())
            {
                return;
            }

            batch = _ready.Count;
            if (_reactor is not null)
            {
                _runSincePoll += batch;
            }
        }
    }

    /// <summary>
    /// True when the next <see cref="RunOnce"/> would only run a batch: the loop is not stopping,
    /// something is ready, no other thread posted, no reactor poll is due, there is no timer to
    /// collect, and debug mode is off.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool NextIterationIsOnlyABatch() =>
        !_stopping && _ready.Count != 0 && _timers.Count == 0 && !_inbox.HasPosts && !Debug &&
        (_reactor is null || _runSincePoll < IoPollInterval);

    /// <summary>Debug mode's batch: every item is timed for the slow-callback warning.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunBatchTimed(int batch)
    {
        for (var i = 0; i < batch; i++)
        {
            RunTimed(_ready.Dequeue());
        }
    }

    private void WaitForWork()
    {
        if (_timers.Count == 0)
        {
            if (_virtualClock is null)
            {
                _inbox.Park(System.Threading.Timeout.Infinite);
            }
            else
            {
                WaitIdleVirtual(_virtualClock.IdleLimit);
            }
        }
        else
        {
            var wait = _timers.Peek().Deadline - Now;
            if (wait > 0)
            {
                if (_virtualClock is not null && _inbox.IsEmpty)
                {
                    _virtualClock.AdvanceTo(_timers.Peek().Deadline);
                }
                else
                {
                    // Round up so the loop never wakes a little early and spins until the deadline.
                    var ms = Math.Ceiling(wait * 1000.0 / _ticksPerSecond);
                    _inbox.Park(ms >= int.MaxValue ? int.MaxValue - 1 : (int)ms);
                }
            }
        }

        _inbox.DrainInto(ref _ready);
    }

    /// <summary>A virtual-time loop with no timers can only be woken by another thread; give it a bounded real-time wait.</summary>
    private void WaitIdleVirtual(TimeSpan limit)
    {
        var deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        while (_inbox.IsEmpty)
        {
            var left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                if (_executorPending > 0)
                {
                    // Executor work is still running and will post its result: keep waiting.
                    deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
                    continue;
                }

                throw new InvalidOperationException(
                    $"Deadlock: this virtual-time loop has had nothing ready, no timer and nothing posted for {limit.TotalSeconds:0.###} s of real time, " +
                    "so every task waits for something that can no longer happen (a lost wake-up, or a future nobody completes).");
            }

            _inbox.Park((int)Math.Min(left, int.MaxValue));
        }
    }

    private void CollectDueTimers()
    {
        if (_timers.Count == 0)
        {
            return;
        }

        var now = Now;
        if (_timers.Peek().Deadline <= now)
        {
            RecordTimerLag(_timers.Peek().Deadline, now);
        }

        while (_timers.Count > 0 && _timers.Peek().Deadline <= now)
        {
            var entry = _timers.Pop();
            switch (entry.Target)
            {
                case TimerHandle handle when !handle.Cancelled:
                    handle.MarkFired();
                    _ready.Enqueue(handle);
                    break;
                case TaskBox task when task.WaitToken == entry.Token:
                    // The entry leaves the heap: a cancellation arriving before the task runs must not count it as dead.
                    task.WaitToken++;
                    task.Wake();
                    break;
                default:
                    _deadTimers--;
                    break;
            }
        }
    }

    internal void AddTimer(long deadline, object target, int token) => _timers.Push(deadline, target, token);

    /// <summary>Counts a dead heap entry and compacts the heap when over half of it is dead.</summary>
    internal void OnTimerCancelled()
    {
        _deadTimers++;
        if (_timers.Count > MinTimersToCompact && _deadTimers * 2 > _timers.Count)
        {
            _timers.Compact(static entry => entry.Target switch
            {
                TimerHandle handle => handle.Cancelled,
                TaskBox task => task.WaitToken != entry.Token,
                _ => true,
            });
            _deadTimers = 0;
        }
    }

    internal void Schedule(IRunnable runnable) => _ready.Enqueue(runnable);

    /// <summary>Queues a task step (see <see cref="TaskBox.Wake"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Schedule(TaskBox task) => _ready.Enqueue(task);

    internal void PostThreadSafe(IRunnable runnable)
    {
        try
        {
            _inbox.Post(runnable);
        }
        catch (ObjectDisposedException)
        {
            // Dispose won the race with another thread's post.
            throw new InvalidOperationException("Event loop is closed.");
        }
    }

    /// <summary>True on the thread the loop runs (or last ran) on: a completion from foreign code (a .NET task) may run here directly; elsewhere it must go through <see cref="CallSoonThreadSafe(Action)"/>.</summary>
    internal bool IsOnLoopThread => Environment.CurrentManagedThreadId == _ownerThreadId;

    internal int ReadyCount => _ready.Count;

    internal int TimerCount => _timers.Count;

    internal int DeadTimerCount => _deadTimers;
}
