using System.Runtime.CompilerServices;
using CoroGen.CompilerServices;
using CoroGen.Internal;

namespace CoroGen;

/// <summary>
/// A coroutine producing no value: the return type of <c>[Coroutine] async partial Coro</c>
/// methods, cold and awaitable once like <see cref="Coro{T}"/>. Its static members are the
/// asyncio module functions: <c>Sleep</c>, <c>Spawn</c>, <c>Gather</c>, <c>Wait</c>,
/// <c>WaitFor</c>, <c>Timeout</c>, <c>Shield</c>, <c>AsCompleted</c>, <c>ToThread</c>.
/// </summary>
[AsyncMethodBuilder(typeof(CoroMethodBuilder))]
public readonly partial struct Coro
{
    private readonly Coro<VoidResult> _inner;

    internal Coro(Coro<VoidResult> inner) => _inner = inner;

    /// <summary>A coroutine that is already complete.</summary>
    public static Coro CompletedCoro => default;

    /// <summary>A coroutine that is already complete with <paramref name="result"/>.</summary>
    public static Coro<T> FromResult<T>(T result) => new(result);

    internal Coro<VoidResult> Inner => _inner;

    /// <summary>Starts the coroutine and returns its awaiter.</summary>
    /// <exception cref="InvalidOperationException">The coroutine was already awaited or spawned.</exception>
    public Awaiter GetAwaiter() => new(_inner.GetAwaiter());

    /// <summary>Awaits a <see cref="Coro"/>.</summary>
    public readonly struct Awaiter : ICoroAwaiter
    {
        private readonly Coro<VoidResult>.Awaiter _inner;

        internal Awaiter(Coro<VoidResult>.Awaiter inner) => _inner = inner;

        /// <summary>True when the coroutine has finished.</summary>
        public bool IsCompleted => _inner.IsCompleted;

        /// <summary>Returns when the coroutine succeeded; rethrows its exception otherwise.</summary>
        public void GetResult() => _inner.GetResult();

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => _inner.OnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _inner.UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void Suspend(TaskBox task) => _inner.Suspend(task);
    }
}
