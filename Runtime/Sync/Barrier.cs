using System.Diagnostics;
using CoroGen.CompilerServices;

namespace CoroGen.Sync;

/// <summary>
/// A rendezvous for a fixed number of tasks (asyncio's <c>Barrier</c>, 3.11+): each
/// <see cref="Wait"/> blocks until <see cref="Parties"/> tasks are waiting, then all of them go
/// on together. Reusable: once every task of a round has left, the next round fills.
/// <code>
/// var position = await barrier.Wait();   // 0 .. Parties - 1
/// </code>
/// </summary>
/// <remarks>
/// <para>Lifecycle (asyncio's states): <em>filling</em> (tasks arrive and wait; the
/// <see cref="Parties"/>-th arrival does not wait but switches to) <em>draining</em> (the round's
/// tasks leave; tasks arriving now wait for the next round) and back to <em>filling</em> when the
/// last of them has left. <see cref="Reset"/> switches to <em>resetting</em> (the waiting tasks
/// raise <see cref="BrokenBarrierError"/>; filling again once they have left) and
/// <see cref="Abort"/> to <em>broken</em> (every current and future <see cref="Wait"/> raises
/// until <see cref="Reset"/>).</para>
/// <para>Invariants: the count of tasks inside the barrier is below <see cref="Parties"/> while
/// filling, and the state leaves draining or resetting only when that count is 0. The arrival
/// index is the count when the task arrived, as in asyncio.</para>
/// <para>Cancellation: a task cancelled while it waits leaves without changing the barrier's
/// state (asyncio's rule): while filling, <see cref="NWaiting"/> drops by one; while draining,
/// the round still passes for the others and the cancelled task raises
/// <see cref="CancelledError"/> instead of returning its index; a task waiting for a drain or
/// reset to finish simply leaves.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncBarrier
{
    private readonly Waiters _inside = new();
    private readonly Waiters _blocked = new();
    private State _state;
    private int _count;

    /// <summary>Creates a barrier for <paramref name="parties"/> tasks.</summary>
    /// <param name="parties">How many tasks must wait before all of them pass; 1 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parties"/> is less than 1.</exception>
    public AsyncBarrier(int parties)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parties, 1);
        Parties = parties;
    }

    private enum State
    {
        Filling,
        Draining,
        Resetting,
        Broken,
    }

    /// <summary>How many tasks must wait for the barrier to pass.</summary>
    public int Parties { get; }

    /// <summary>How many tasks wait in the barrier while it fills (0 while it drains or resets).</summary>
    public int NWaiting => _state == State.Filling ? _count : 0;

    /// <summary>True once <see cref="Abort"/> broke the barrier, until <see cref="Reset"/>.</summary>
    public bool Broken => _state == State.Broken;

    /// <summary>
    /// Waits until <see cref="Parties"/> tasks wait, then returns this task's arrival index,
    /// 0 to <see cref="Parties"/> - 1; the last task to arrive does not wait. A task arriving while
    /// the previous round drains (or a reset completes) first waits for that to finish.
    /// </summary>
    /// <exception cref="BrokenBarrierError">The barrier is broken, or was reset or aborted while this task waited.</exception>
    /// <exception cref="CancelledError">The task was cancelled while waiting.</exception>
    public async Coro<int> Wait()
    {
        while (_state is State.Draining or State.Resetting)
        {
            await new StateChange(_blocked);
        }

        if (_state == State.Broken)
        {
            throw new BrokenBarrierError("Barrier aborted");
        }

        var index = _count++;
        try
        {
            if (index + 1 == Parties)
            {
                _state = State.Draining;
                _inside.GrantAll();
            }
            else
            {
                while (_state == State.Filling)
                {
                    await new StateChange(_inside);
                }

                if (_state is State.Broken or State.Resetting)
                {
                    throw new BrokenBarrierError("Abort or reset of barrier");
                }
            }

            return index;
        }
        finally
        {
            _count--;
            if (_count == 0)
            {
                if (_state is State.Draining or State.Resetting)
                {
                    _state = State.Filling;
                }

                _blocked.GrantAll();
            }
        }
    }

    /// <summary>
    /// Returns the barrier to its empty, filling state. Tasks waiting in it raise
    /// <see cref="BrokenBarrierError"/>; until they have left, new arrivals wait. Clears
    /// <see cref="Broken"/>.
    /// </summary>
    /// <remarks>Synchronous: asyncio's <c>reset()</c> is a coroutine only to take its condition's lock.</remarks>
    public void Reset()
    {
        _state = _count > 0 ? State.Resetting : State.Filling;
        WakeAll();
    }

    /// <summary>Breaks the barrier: tasks waiting in it, and every later <see cref="Wait"/>, raise <see cref="BrokenBarrierError"/>.</summary>
    /// <remarks>Synchronous: asyncio's <c>abort()</c> is a coroutine only to take its condition's lock.</remarks>
    public void Abort()
    {
        _state = State.Broken;
        WakeAll();
    }

    /// <inheritdoc />
    public override string ToString() => $"<AsyncBarrier {_state.ToString().ToLowerInvariant()} waiters={NWaiting}/{Parties}>";

    private void WakeAll()
    {
        _inside.GrantAll();
        if (_state is not (State.Draining or State.Resetting))
        {
            _blocked.GrantAll();
        }
    }

    /// <summary>Waits on one of the barrier's lists until a state change wakes the task.</summary>
    private readonly struct StateChange(Waiters waiters) : ICoroAwaiter
    {
        public bool IsCompleted => false;

        public StateChange GetAwaiter() => this;

        /// <summary>Returns once woken; raises <see cref="CancelledError"/> if cancelled. A wake-up is not passed on: every waiter of the list gets one.</summary>
        public void GetResult()
        {
            var task = TaskBox.Current;
            waiters.TakeGrant(task, out var cancelled);
            if (cancelled)
            {
                task!.ThrowIfCancelDelivered();
            }
        }

        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        public void UnsafeOnCompleted(Action continuation) => TaskBox.CurrentOrThrow().SuspendBuilder(continuation, this);

        public void Suspend(TaskBox task) => waiters.Suspend(task);
    }
}
