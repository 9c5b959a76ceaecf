using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using CoroGen.Internal;

namespace CoroGen.Tasks;

/// <summary>
/// The builder path's pooled box for one coroutine call: the C# compiler's state machine plus
/// its outcome and the continuation of whoever awaits it.
/// </summary>
/// <remarks>
/// States: Created (cold, parked by <c>Start</c>) → Running (first await or spawn) → Succeeded or
/// Faulted → recycled when the awaiter reads the outcome. Completion runs the awaiter's
/// continuation inline, so a suspended chain resumes straight down without touching the loop.
/// Nothing touches the box after that continuation, because it may already have been recycled.
/// </remarks>
internal abstract class CoroBox<T> : CoroSource<T>
{
    private State _state;
    private T? _result;
    private ExceptionDispatchInfo? _error;
    private Action? _continuation;

    /// <summary>The cached delegate awaiters store to resume this coroutine.</summary>
    internal Action MoveNextAction = null!;

    private EventLoop? _createdOn;
    private string? _createdAt;

    private enum State : byte
    {
        Created,
        Running,
        Succeeded,
        Faulted,
        Pooled,
    }

    internal abstract void MoveNext();

    /// <summary>True while the coroutine has not started (nothing awaited or spawned it yet).</summary>
    private protected bool IsCreated(int token) => token == Version && _state == State.Created;

    /// <summary>Called when the box is handed out for a new coroutine call.</summary>
    internal void OnRented()
    {
        _state = State.Created;
        var loop = EventLoop.Current;
        _createdOn = loop;
        _createdAt = loop?.Debug ?? Diagnostics.DebugSettings.FromEnvironment ? Diagnostics.DebugSettings.CaptureCreationSite() : null;
    }

    /// <summary>
    /// asyncio's "coroutine was never awaited": a coroutine created and dropped without being
    /// awaited or spawned is reported when its box is collected, with where it was created in
    /// debug mode. Pooled boxes are reachable from their pool and never get here.
    /// </summary>
    ~CoroBox()
    {
        if (_state == State.Created)
        {
            var where = _createdAt is null ? " (enable debug mode to see where it was created)" : $"\nCoroutine created at:\n{_createdAt}";
            Diagnostics.DebugReports.Report(_createdOn, Microsoft.Extensions.Logging.LogLevel.Warning,
                $"Coroutine '{Diagnostics.DebugReports.CoroutineName(MachineType)}' was never awaited or spawned{where}");
        }
    }

    private protected abstract void Recycle();

    internal override void Start(int token)
    {
        if (token != Version || _state != State.Created)
        {
            throw AlreadyConsumed();
        }

        _state = State.Running;
        MoveNext();
    }

    internal override bool IsCompleted(int token)
    {
        if (token != Version)
        {
            throw AlreadyConsumed();
        }

        return _state >= State.Succeeded;
    }

    internal override void SetContinuation(Action continuation, int token)
    {
        if (token != Version)
        {
            throw AlreadyConsumed();
        }

        _continuation = continuation;
    }

    internal override T GetResult(int token)
    {
        if (token != Version)
        {
            throw AlreadyConsumed();
        }

        if (_state < State.Succeeded)
        {
            throw new InvalidOperationException("The coroutine has not completed: await it inside a CoroGen task instead of reading its result.");
        }

        var result = _result;
        var error = _error;
        Release();
        error?.Throw();
        return result!;
    }

    internal override void Abandon(int token)
    {
        if (token == Version && _state == State.Created)
        {
            Release();
        }
    }

    internal void SetResult(T result)
    {
        _result = result;
        _state = State.Succeeded;
        RunContinuation();
    }

    internal void SetException(Exception exception)
    {
        _error = ExceptionDispatchInfo.Capture(exception);
        _state = State.Faulted;
        RunContinuation();
    }

    private void RunContinuation()
    {
        var continuation = _continuation;
        _continuation = null;
        continuation?.Invoke();
    }

    private void Release()
    {
        Version++;
        _state = State.Pooled;
        _createdOn = null;
        _createdAt = null;
        _result = default;
        _error = null;
        _continuation = null;
        Recycle();
    }
}

/// <summary>The box for one state-machine type, with a per-thread pool of its instances.</summary>
internal sealed class CoroBox<TStateMachine, T> : CoroBox<T>
    where TStateMachine : IAsyncStateMachine
{
    internal TStateMachine StateMachine = default!;

    private CoroBox() => MoveNextAction = MoveNext;

    internal static CoroBox<TStateMachine, T> Rent()
    {
        var box = ThreadPoolStack<CoroBox<TStateMachine, T>>.TryRent() ?? new CoroBox<TStateMachine, T>();
        box.OnRented();
        return box;
    }

    internal override void MoveNext() => StateMachine.MoveNext();

    internal override Type MachineType => typeof(TStateMachine);

    private protected override void Recycle()
    {
        StateMachine = default!;
        ThreadPoolStack<CoroBox<TStateMachine, T>>.Return(this);
    }
}
