using System.Diagnostics;

namespace CoroGen.Loop;

/// <summary>
/// A callback scheduled on the loop by <see cref="EventLoop.CallSoon(Action)"/> (asyncio's
/// <c>Handle</c>). Cancelling it before it runs means it never runs; cancelling afterwards does nothing.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public class Handle : IRunnable
{
    private readonly Delegate _callback;
    private readonly object? _state;
    private readonly Action<Delegate, object?>? _invoker;
    private protected readonly EventLoop _loop;

    private protected Handle(EventLoop loop, Delegate callback, object? state, Action<Delegate, object?>? invoker)
    {
        _loop = loop;
        _callback = callback;
        _state = state;
        _invoker = invoker;
    }

    internal static Handle Create(EventLoop loop, Action callback) => new(loop, callback, null, null);

    internal static Handle Create<TState>(EventLoop loop, Action<TState> callback, TState state) =>
        new(loop, callback, state, StateInvoker<TState>.Instance);

    /// <summary>True once <see cref="Cancel"/> was called.</summary>
    public bool Cancelled { get; private set; }

    /// <summary>Cancels the callback; it will not run. Does nothing if it already ran.</summary>
    public virtual void Cancel() => Cancelled = true;

    void IRunnable.Run()
    {
        if (Cancelled)
        {
            return;
        }

        try
        {
            Invoke();
        }
        catch (Exception e)
        {
            _loop.CallExceptionHandler(new ExceptionContext($"Exception in callback {this}") { Exception = e, Handle = this });
        }
    }

    private void Invoke()
    {
        if (_invoker is null)
        {
            ((Action)_callback)();
        }
        else
        {
            _invoker(_callback, _state);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"<{GetType().Name} {_callback.Method.DeclaringType?.Name}.{_callback.Method.Name}{(Cancelled ? " cancelled" : "")}>";
}

/// <summary>
/// Calls an <c>Action&lt;TState&gt;</c> stored as <see cref="Delegate"/>: one cached trampoline per
/// state type keeps <see cref="Handle"/> non-generic without reflection.
/// </summary>
internal static class StateInvoker<TState>
{
    public static readonly Action<Delegate, object?> Instance = static (callback, state) => ((Action<TState>)callback)((TState)state!);
}
