using System.Runtime.CompilerServices;
using System.ComponentModel;

namespace CoroGen.CompilerServices;

/// <summary>Spawns struct state machines (the machine path) as tasks in pooled boxes.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MachineTasks
{
    /// <summary>
    /// Copies <paramref name="machine"/> into a pooled task box on <paramref name="loop"/> and
    /// schedules its first step, as <see cref="Coro.Spawn{T}(Coro{T}, string?, bool?)"/> does for a builder-path coroutine.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop is closed.</exception>
    public static CoroTask<T> Spawn<TMachine, T>(EventLoop loop, in TMachine machine, string? name = null)
        where TMachine : struct, ICoroMachine<T>
    {
        ArgumentNullException.ThrowIfNull(loop);
        loop.CheckThread();
        loop.ThrowIfClosed();
        return MachineTaskBox<TMachine, T>.Spawn(loop, machine, name, eager: false);
    }
}

/// <summary>
/// The machine path's task box: holds the struct machine itself, so a step is one direct call
/// to <see cref="ICoroMachine{T}.MoveNext"/>, with no delegate and no allocation.
/// </summary>
internal sealed class MachineTaskBox<TMachine, T> : TaskBox<T>
    where TMachine : struct, ICoroMachine<T>
{
    private TMachine _machine;

    internal static CoroTask<T> Spawn(EventLoop loop, in TMachine machine, string? name, bool eager)
    {
        var box = Internal.ThreadPoolStack<MachineTaskBox<TMachine, T>>.TryRent() ?? new MachineTaskBox<TMachine, T>();

        box._machine = machine;
        var version = box.Version;
        box.Activate(loop, name, eager);
        return new CoroTask<T>(box, version);
    }

    /// <summary>
    /// The loop's step: an ordinary resumption calls the struct machine's <c>MoveNext</c>
    /// directly (the JIT can inline it here); the rest of <see cref="TaskBox.RunFromLoop"/>'s
    /// cases go through the base class.
    /// </summary>
    /// <remarks>
    /// No <c>try</c> here: an exception from the machine leaves to the loop's batch, which
    /// hands it to <see cref="FaultFromLoop"/>. Without a handler in this method the JIT keeps
    /// the box and the loop in registers instead of spilling them to the frame (about 1 ns of a
    /// 9 ns <c>Sleep(0)</c> switch).
    /// </remarks>
    internal override void RunFromLoop(EventLoop loop)
    {
        if (!EnterStep(loop))
        {
            return;
        }

        if (Continuation is not null)
        {
            ResumeContinuation(loop);
            return;
        }

        if (_machine.MoveNext(this))
        {
            EndStep(loop, null);
            return;
        }

        loop.CurrentTask = null;
    }

    /// <summary>The machine threw out of <see cref="RunFromLoop"/>: the task ends with that exception.</summary>
    internal override void FaultFromLoop(EventLoop loop, Exception error) => EndStep(loop, error);

    /// <summary>The machine returned (<paramref name="error"/> null) or threw: finish the task, then leave the step.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EndStep(EventLoop loop, Exception? error)
    {
        try
        {
            Finish(error);
        }
        catch (Exception e)
        {
            ReportStepError(loop, e);
        }

        loop.CurrentTask = null;
    }

    private protected override void Step()
    {
        Started = true;
        bool finished;
        try
        {
            finished = _machine.MoveNext(this);
        }
        catch (Exception e)
        {
            Finish(e);
            return;
        }

        if (finished)
        {
            Finish(null);
        }
    }

    private void Finish(Exception? error)
    {
        if (error is not null)
        {
            _machine = default;
            FinishFaulted(error);
            return;
        }

        var result = _machine.Result;
        _machine = default;
        FinishSucceeded(result);
    }

    internal override string? CoroutineName => Diagnostics.DebugReports.CoroutineName(typeof(TMachine));

    private protected override void AbandonUnstarted() => _machine = default;

    private protected override void ReturnToPool()
    {
        ClearResult();
        Internal.ThreadPoolStack<MachineTaskBox<TMachine, T>>.Return(this);
    }
}
