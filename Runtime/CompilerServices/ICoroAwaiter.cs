using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace CoroGen.CompilerServices;

/// <summary>
/// The awaiter protocol of CoroGen's own awaitables (sleep, futures, tasks, coroutines, and the
/// sync primitives to come). It is what lets a suspended task wait without a delegate.
/// </summary>
/// <remarks>
/// Two ways in, one mechanism underneath:
/// <list type="bullet">
/// <item>Generated struct machines (the machine path) call <see cref="Suspend"/> with their task
/// box; the source stores the box itself (in its waiter list, timer entry or listener slot) and
/// later calls <see cref="TaskBox.Wake"/>, which requeues the box, whose step calls the machine's
/// <c>MoveNext</c>. No delegate, no allocation.</item>
/// <item>The pooled builder (the builder path) calls <see cref="INotifyCompletion.OnCompleted"/>
/// with its cached <c>MoveNext</c> delegate; the awaiter stores that delegate as the current
/// task's continuation and then does exactly what <see cref="Suspend"/> does.</item>
/// </list>
/// Every implementation's <c>GetResult</c> first lets the current task raise a cancellation
/// delivered while it was suspended (<see cref="TaskBox.ThrowIfCancelDelivered"/>).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ICoroAwaiter : ICriticalNotifyCompletion
{
    /// <summary>True when awaiting would not suspend.</summary>
    bool IsCompleted { get; }

    /// <summary>Suspends <paramref name="task"/> on this awaiter's source until it completes or the task is cancelled.</summary>
    void Suspend(TaskBox task);
}
