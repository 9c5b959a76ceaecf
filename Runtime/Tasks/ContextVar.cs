using System.Diagnostics;
using CoroGen.Tasks;

namespace CoroGen;

/// <summary>
/// A context variable (asyncio's <c>contextvars.ContextVar</c>): a value per task that tasks
/// spawned afterwards inherit. Use it where thread-locals or <see cref="AsyncLocal{T}"/> would be
/// wrong on a loop: a request id, a logging scope, a deadline.
/// </summary>
/// <remarks>
/// Each task runs in a copy of the context of the code that spawned it, as asyncio's tasks do:
/// a <see cref="Set"/> in a task is seen by that task and its later children, never by its
/// parent or siblings. <see cref="Coro.ToThread{T}(Func{T})"/> carries the context to the worker
/// thread. Plain loop callbacks see the loop thread's own context.
/// </remarks>
/// <typeparam name="T">The value type.</typeparam>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class ContextVar<T>
{
    private readonly bool _hasDefault;
    private readonly T? _default;

    /// <summary>Creates a variable with no default: <see cref="Get()"/> throws until it is set.</summary>
    public ContextVar(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
    }

    /// <summary>Creates a variable whose <see cref="Get()"/> returns <paramref name="defaultValue"/> until set.</summary>
    public ContextVar(string name, T defaultValue)
        : this(name)
    {
        _hasDefault = true;
        _default = defaultValue;
    }

    /// <summary>The variable's name, for diagnostics.</summary>
    public string Name { get; }

    /// <summary>The value in the current context, else the default.</summary>
    /// <exception cref="KeyNotFoundException">The variable has no value and no default (asyncio's <c>LookupError</c>).</exception>
    public T Get() => TryGet(out var value)
        ? value
        : _hasDefault ? _default! : throw new KeyNotFoundException($"Context variable '{Name}' has no value in this context and no default.");

    /// <summary>The value in the current context, else <paramref name="fallback"/>.</summary>
    public T Get(T fallback) => TryGet(out var value) ? value : fallback;

    /// <summary>Reads the value set in the current context (the default does not count).</summary>
    public bool TryGet(out T value)
    {
        if (CoroContext.Current.TryGetValue(this, out var boxed))
        {
            value = (T)boxed!;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Sets the value in the current context; the token restores the previous state.</summary>
    public ContextVarToken<T> Set(T value)
    {
        var context = CoroContext.Current;
        var hadValue = context.TryGetValue(this, out var old);
        CoroContext.Replace(context.SetItem(this, value));
        return new ContextVarToken<T>(this, hadValue, hadValue ? (T)old! : default, CoroContext.Identity);
    }

    /// <summary>Restores the value <paramref name="token"/>'s <see cref="Set"/> replaced.</summary>
    /// <exception cref="InvalidOperationException">The token was used already, or belongs to another variable or context.</exception>
    public void Reset(ContextVarToken<T> token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!ReferenceEquals(token.Var, this))
        {
            throw new InvalidOperationException($"This token was created by context variable '{token.Var.Name}', not '{Name}'.");
        }

        if (token.Used)
        {
            throw new InvalidOperationException("This token has already been used once: each Set's token resets once.");
        }

        if (!token.Identity.Equals(CoroContext.Identity))
        {
            throw new InvalidOperationException("This token was created in a different context (another task or thread): reset it where it was set.");
        }

        token.Used = true;
        var context = CoroContext.Current;
        CoroContext.Replace(token.HadValue ? context.SetItem(this, token.OldValue) : context.Remove(this));
    }

    /// <inheritdoc />
    public override string ToString() => $"<ContextVar {Name}>";
}

/// <summary>What <see cref="ContextVar{T}.Set"/> returns: enough to undo that set once (asyncio's <c>Token</c>).</summary>
public sealed class ContextVarToken<T>
{
    internal ContextVarToken(ContextVar<T> variable, bool hadValue, T? oldValue, (object Owner, int Version) identity)
    {
        Var = variable;
        HadValue = hadValue;
        OldValue = oldValue;
        Identity = identity;
    }

    /// <summary>The variable that was set.</summary>
    public ContextVar<T> Var { get; }

    /// <summary>True if the variable had a value before the set (asyncio: <c>old_value</c> is not <c>Token.MISSING</c>).</summary>
    public bool HadValue { get; }

    /// <summary>The value before the set, when <see cref="HadValue"/>.</summary>
    public T? OldValue { get; }

    internal (object Owner, int Version) Identity { get; }

    internal bool Used { get; set; }
}
