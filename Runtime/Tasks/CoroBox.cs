using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

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

    private enum State : byte
    {
        Created,
        Running,
        Succeeded,
        Faulted,
    }

    internal abstract void MoveNext();

    private protected abstract void Recycle();

    internal override void Start(short token)
    {
        if (token != Version || _state != State.Created)
        {
            throw AlreadyConsumed();
        }

        _state = State.Running;
        MoveNext();
    }

    internal override bool IsCompleted(short token)
    {
        if (token != Version)
        {
            throw AlreadyConsumed();
        }

        return _state >= State.Succeeded;
    }

    internal override void SetContinuation(Action continuation, short token)
    {
        if (token != Version)
        {
            throw AlreadyConsumed();
        }

        _continuation = continuation;
    }

    internal override T GetResult(short token)
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

    internal override void Abandon(short token)
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
        _state = State.Created;
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
    // Boxes are rented where coroutines are created and returned where they complete; both are
    // normally the loop thread, so a thread-local stack needs no synchronisation.
    private const int MaxPooled = 256;

    [ThreadStatic]
    private static CoroBox<TStateMachine, T>?[]? t_pool;

    [ThreadStatic]
    private static int t_pooled;

    internal TStateMachine StateMachine = default!;

    private CoroBox() => MoveNextAction = MoveNext;

    internal static CoroBox<TStateMachine, T> Rent()
    {
        var pool = t_pool;
        if (pool is not null && t_pooled > 0)
        {
            var box = pool[--t_pooled]!;
            pool[t_pooled] = null;
            return box;
        }

        return new CoroBox<TStateMachine, T>();
    }

    internal override void MoveNext() => StateMachine.MoveNext();

    private protected override void Recycle()
    {
        StateMachine = default!;
        var pool = t_pool ??= new CoroBox<TStateMachine, T>?[MaxPooled];
        if (t_pooled < MaxPooled)
        {
            pool[t_pooled++] = this;
        }
    }
}
