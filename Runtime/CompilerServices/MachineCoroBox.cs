using CoroGen.Internal;
using CoroGen.Tasks;

namespace CoroGen.CompilerServices;

/// <summary>
/// A struct machine behind a <see cref="Coro{T}"/> value: the machine path's counterpart of the
/// builder's <see cref="CoroBox{TStateMachine, T}"/>, with the same cold start, single use and
/// pooling.
/// </summary>
/// <remarks>
/// The machine runs inside whichever task awaits the <see cref="Coro{T}"/>. While it runs, the
/// task's <see cref="TaskBox.FrameResume"/> names this box, so a coroutine the machine awaits
/// resumes this box when it completes. When the machine suspends on a wake-based source (sleep,
/// future, lock) and nothing deeper already claimed the task's continuation, this box claims it,
/// so the task's next step resumes here rather than at its root.
/// </remarks>
internal sealed class MachineCoroBox<TMachine, T> : CoroBox<T>
    where TMachine : struct, ICoroMachine<T>
{
    internal TMachine Machine;

    private MachineCoroBox() => MoveNextAction = MoveNext;

    internal static MachineCoroBox<TMachine, T> Rent()
    {
        var box = ThreadPoolStack<MachineCoroBox<TMachine, T>>.TryRent() ?? new MachineCoroBox<TMachine, T>();
        box.OnRented();
        return box;
    }

    internal override void MoveNext()
    {
        var task = TaskBox.CurrentOrThrow();
        var outer = task.FrameResume;
        task.FrameResume = MoveNextAction;
        bool finished;
        try
        {
            finished = Machine.MoveNext(task);
        }
        catch (Exception e)
        {
            task.FrameResume = outer;
            Machine = default;
            SetException(e);
            return;
        }

        task.FrameResume = outer;
        if (finished)
        {
            var result = Machine.Result;
            Machine = default;
            SetResult(result);
        }
        else
        {
            task.Continuation ??= MoveNextAction;
        }
    }

    internal override CoroTask<T>? TrySpawnDirect(int token, EventLoop loop, string? name, bool eager)
    {
        if (!IsCreated(token))
        {
            // Already started or consumed: the ordinary path reports it.
            return null;
        }

        var machine = Machine;
        Abandon(token);
        return MachineTaskBox<TMachine, T>.Spawn(loop, machine, name, eager);
    }

    internal override Type MachineType => typeof(TMachine);

    private protected override void Recycle()
    {
        Machine = default;
        ThreadPoolStack<MachineCoroBox<TMachine, T>>.Return(this);
    }
}
