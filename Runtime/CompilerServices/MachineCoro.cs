using System.ComponentModel;
using System.Runtime.CompilerServices;
using CoroGen.Internal;
using CoroGen.Tasks;

namespace CoroGen.CompilerServices;

/// <summary>
/// Entry points generated code uses to run struct machines (the machine path) where a
/// <see cref="Coro{T}"/> value is needed, and to suspend a machine on a foreign awaitable.
/// </summary>
/// <remarks>
/// A machine awaited by another generated machine is inlined as a field and needs none of this.
/// A machine-backed <see cref="Coro{T}"/> is for everything else: a call from non-coroutine code
/// (redirected by an interceptor), a coroutine handed to <c>Spawn</c>/<c>Gather</c>, and the
/// boxed edge of a recursive call cycle (a struct cannot contain itself).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MachineCoro
{
    /// <summary>Wraps <paramref name="machine"/> in a pooled, cold <see cref="Coro{T}"/>.</summary>
    public static Coro<T> Create<TMachine, T>(in TMachine machine)
        where TMachine : struct, ICoroMachine<T>
    {
        var box = MachineCoroBox<TMachine, T>.Rent();
        box.Machine = machine;
        return new Coro<T>(box, box.Version);
    }

    /// <summary>Wraps a machine of a <c>Coro</c> method in a pooled, cold <see cref="Coro"/>.</summary>
    public static Coro CreateVoid<TMachine>(in TMachine machine)
        where TMachine : struct, ICoroMachine<VoidResult> => new(Create<TMachine, VoidResult>(machine));

    /// <summary>True when <paramref name="coro"/> runs a generated struct machine (the machine path).</summary>
    public static bool IsMachine<T>(Coro<T> coro) => coro.MachineType is { } type && type.IsValueType && typeof(ICoroMachine<T>).IsAssignableFrom(type);

    /// <summary>True when <paramref name="coro"/> runs a generated struct machine (the machine path).</summary>
    public static bool IsMachine(Coro coro) => IsMachine(coro.Inner);

    /// <summary>
    /// Suspends <paramref name="task"/> on an awaiter that is not CoroGen's (a <see cref="Task"/>,
    /// a <see cref="ValueTask"/>, any awaitable): its completion, on whatever thread, resumes the
    /// machine on the loop thread through the loop's thread-safe inbox.
    /// </summary>
    public static void SuspendForeign<TAwaiter>(ref TAwaiter awaiter, TaskBox task)
        where TAwaiter : INotifyCompletion
    {
        var wake = task.SuspendForeign(task.CurrentFrameResume);
        if (awaiter is ICriticalNotifyCompletion)
        {
            ((ICriticalNotifyCompletion)awaiter).UnsafeOnCompleted(wake);
        }
        else
        {
            awaiter.OnCompleted(wake);
        }
    }
}
