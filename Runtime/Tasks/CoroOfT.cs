using System.Runtime.CompilerServices;
using CoroGen.CompilerServices;
using CoroGen.Tasks;

namespace CoroGen;

/// <summary>
/// A coroutine producing a <typeparamref name="T"/>: the return type of
/// <c>[Coroutine] async partial Coro&lt;T&gt;</c> methods. It is cold, as a Python coroutine
/// object is: calling the method runs nothing; the body starts when the value is awaited or
/// spawned, and a value can be awaited or spawned only once.
/// </summary>
[AsyncMethodBuilder(typeof(CoroMethodBuilder<>))]
public readonly struct Coro<T>
{
    private readonly CoroSource<T>? _source;
    private readonly T? _result;
    private readonly int _token;

    internal Coro(CoroSource<T> source, int token)
    {
        _source = source;
        _token = token;
        _result = default;
    }

    internal Coro(T result)
    {
        _source = null;
        _token = 0;
        _result = result;
    }

    /// <summary>Starts the coroutine (it runs until its first suspension) and returns its awaiter.</summary>
    /// <exception cref="InvalidOperationException">The coroutine was already awaited or spawned.</exception>
    public Awaiter GetAwaiter()
    {
        _source?.Start(_token);
        return new Awaiter(_source, _result, _token);
    }

    /// <summary>The state machine behind this coroutine, for naming it in reports.</summary>
    internal Type? MachineType => _source?.MachineType;

    /// <summary>Spawns a machine-backed coroutine straight into a machine task box, or returns null.</summary>
    internal CoroTask<T>? TrySpawnDirect(EventLoop loop, string? name, bool eager) => _source?.TrySpawnDirect(_token, loop, name, eager);

    /// <summary>Releases a coroutine that will never run (its task was cancelled before starting).</summary>
    internal void Abandon() => _source?.Abandon(_token);

    /// <summary>Awaits a <see cref="Coro{T}"/>; completion resumes the awaiting coroutine inline.</summary>
    public readonly struct Awaiter : ICoroAwaiter
    {
        private readonly CoroSource<T>? _source;
        private readonly T? _result;
        private readonly int _token;

        internal Awaiter(CoroSource<T>? source, T? result, int token)
        {
            _source = source;
            _result = result;
            _token = token;
        }

        /// <summary>True when the coroutine has finished.</summary>
        public bool IsCompleted => _source is null || _source.IsCompleted(_token);

        /// <summary>The coroutine's result, or its exception rethrown with the original stack trace.</summary>
        public T GetResult() => _source is null ? _result! : _source.GetResult(_token);

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => _source!.SetContinuation(continuation, _token);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => _source!.SetContinuation(continuation, _token);

        /// <inheritdoc />
        public void Suspend(TaskBox task) => _source!.SetContinuation(task.CurrentFrameResume, _token);
    }
}
