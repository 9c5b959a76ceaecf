using System.Diagnostics;
using CoroGen.CompilerServices;

namespace CoroGen.Sync;

/// <summary>
/// A flag tasks can wait for (asyncio's <c>Event</c>): <see cref="Set"/> wakes every waiter,
/// <see cref="Clear"/> resets it. Waiting and setting allocate nothing.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncEvent
{
    private readonly Waiters _waiters = new();
    private bool _set;

    /// <summary>True when the flag is set.</summary>
    public bool IsSet => _set;

    /// <summary>Sets the flag and wakes every waiter; those waiting now return even if it is cleared before they run.</summary>
    public void Set()
    {
        if (!_set)
        {
            _set = true;
            _waiters.GrantAll();
        }
    }

    /// <summary>Clears the flag; later waiters wait until the next <see cref="Set"/>.</summary>
    public void Clear() => _set = false;

    /// <summary>Waits until the flag is set; returns true (asyncio's <c>wait()</c>).</summary>
    public Awaitable Wait() => new(this);

    /// <inheritdoc />
    public override string ToString() => $"<AsyncEvent {(_set ? "set" : "unset")}{(_waiters.Count > 0 ? $" waiters={_waiters.Count}" : "")}>";

    /// <summary>The awaitable returned by <see cref="Wait"/>.</summary>
    public readonly struct Awaitable(AsyncEvent owner)
    {
        /// <summary>Gets the awaiter.</summary>
        public Awaiter GetAwaiter() => new(owner);
    }

    /// <summary>Awaits the event.</summary>
    public readonly struct Awaiter : ICoroAwaiter
    {
        private readonly AsyncEvent _event;

        internal Awaiter(AsyncEvent owner) => _event = owner;

        /// <summary>True when the flag is set.</summary>
        public bool IsCompleted => _event._set;

        /// <summary>Returns true once set; raises <see cref="CancelledError"/> if cancelled while waiting.</summary>
        public bool GetResult()
        {
            var task = TaskBox.Current;
            _event._waiters.TakeGrant(task, out var cancelled);
            if (cancelled)
            {
                task!.ThrowIfCancelDelivered();
            }

            return true;
        }

        /// <inheritdoc />
        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        /// <inheritdoc />
        public void UnsafeOnCompleted(Action continuation) => TaskBox.CurrentOrThrow().SuspendBuilder(continuation, this);

        /// <inheritdoc />
        public void Suspend(TaskBox task) => _event._waiters.Suspend(task);
    }
}
