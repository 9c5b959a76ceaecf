using System.ComponentModel;
using System.Runtime.CompilerServices;
using CoroGen.Internal;
using CoroGen.Tasks;

namespace CoroGen.CompilerServices;

/// <summary>
/// The pooled async method builder behind <see cref="Coro{T}"/> (the builder path). The C#
/// compiler drives it; users never call it.
/// </summary>
/// <remarks>
/// <c>Start</c> does not run the state machine: it parks it in a pooled <see cref="CoroBox{T}"/>
/// so the coroutine stays cold until awaited or spawned. Awaiting a CoroGen awaitable hands it
/// the box's cached <c>MoveNext</c> delegate; awaiting anything else (a <see cref="Task"/>, a
/// <see cref="ValueTask"/>) suspends the task on a foreign wait that resumes through the loop's
/// thread-safe inbox, so the coroutine always continues on the loop thread.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct CoroMethodBuilder<T>
{
    private CoroBox<T>? _box;

    /// <summary>Creates a builder.</summary>
    public static CoroMethodBuilder<T> Create() => default;

    /// <summary>Parks the state machine in a pooled box; nothing runs until the coroutine is awaited or spawned.</summary>
    public void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        var box = CoroBox<TStateMachine, T>.Rent();

        // `this` is the builder field inside `stateMachine`, so setting _box first puts the box
        // reference into the copy the box keeps.
        _box = box;
        box.StateMachine = stateMachine;
    }

    /// <summary>The coroutine value returned to the caller.</summary>
    public Coro<T> Task => new(_box!, _box!.Version);

    /// <summary>Not used: the box owns the state machine from <see cref="Start{TStateMachine}"/> on.</summary>
    public void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }

    /// <summary>Completes the coroutine with its result.</summary>
    public void SetResult(T result) => _box!.SetResult(result);

    /// <summary>Completes the coroutine with an exception.</summary>
    public void SetException(Exception exception) => _box!.SetException(exception);

    /// <summary>Suspends on an awaiter.</summary>
    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine
    {
        if (awaiter is ICoroAwaiter)
        {
            awaiter.OnCompleted(_box!.MoveNextAction);
        }
        else
        {
            awaiter.OnCompleted(TaskBox.CurrentOrThrow().SuspendForeign(_box!.MoveNextAction));
        }
    }

    /// <summary>Suspends on an awaiter without flowing the execution context.</summary>
    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine
    {
        // For struct awaiters the type test is a JIT-time constant and the call is constrained: no boxing.
        if (awaiter is ICoroAwaiter)
        {
            awaiter.UnsafeOnCompleted(_box!.MoveNextAction);
        }
        else
        {
            awaiter.UnsafeOnCompleted(TaskBox.CurrentOrThrow().SuspendForeign(_box!.MoveNextAction));
        }
    }
}

/// <summary>The pooled async method builder behind <see cref="Coro"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct CoroMethodBuilder
{
    private CoroMethodBuilder<VoidResult> _inner;

    /// <summary>Creates a builder.</summary>
    public static CoroMethodBuilder Create() => default;

    /// <summary>Parks the state machine in a pooled box.</summary>
    public void Start<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine => _inner.Start(ref stateMachine);

    /// <summary>The coroutine value returned to the caller.</summary>
    public Coro Task => new(_inner.Task);

    /// <summary>Not used.</summary>
    public void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }

    /// <summary>Completes the coroutine.</summary>
    public void SetResult() => _inner.SetResult(default);

    /// <summary>Completes the coroutine with an exception.</summary>
    public void SetException(Exception exception) => _inner.SetException(exception);

    /// <summary>Suspends on an awaiter.</summary>
    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine => _inner.AwaitOnCompleted(ref awaiter, ref stateMachine);

    /// <summary>Suspends on an awaiter without flowing the execution context.</summary>
    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine => _inner.AwaitUnsafeOnCompleted(ref awaiter, ref stateMachine);
}
