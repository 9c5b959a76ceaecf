using System.ComponentModel;

namespace CoroGen.CompilerServices;

/// <summary>
/// A coroutine lowered to a struct state machine (the machine path): what the generator emits
/// for a <c>[Coroutine]</c> method, and what a <see cref="MachineTasks"/> box drives.
/// </summary>
/// <remarks>
/// Contract: <see cref="MoveNext"/> runs from the current state to the next suspension or to
/// the end. To suspend, it stores the awaiter in a field, records its resume state, calls
/// <see cref="ICoroAwaiter.Suspend"/> with the task, and returns false; the task's next step
/// calls <see cref="MoveNext"/> again, which resumes at that state and calls the awaiter's
/// <c>GetResult</c> first. It returns true when the coroutine has returned; <see cref="Result"/>
/// then holds the value. An exception escaping <see cref="MoveNext"/> ends the task with it
/// (<see cref="CancelledError"/> ends it cancelled).
/// </remarks>
/// <typeparam name="T">The coroutine's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface ICoroMachine<T>
{
    /// <summary>Runs to the next suspension (false) or to the end (true).</summary>
    bool MoveNext(TaskBox task);

    /// <summary>The value returned, valid after <see cref="MoveNext"/> returned true.</summary>
    T Result { get; }
}
