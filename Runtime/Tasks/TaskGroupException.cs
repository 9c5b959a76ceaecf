namespace CoroGen;

/// <summary>
/// The errors of a <see cref="TaskGroup"/>'s children (and body), raised together when the group
/// ends (asyncio's <c>ExceptionGroup('unhandled errors in a TaskGroup', ...)</c>).
/// </summary>
public sealed class TaskGroupException : AggregateException
{
    /// <summary>Creates the group error.</summary>
    public TaskGroupException(IEnumerable<Exception> errors)
        : base("Unhandled errors in a TaskGroup.", errors)
    {
    }
}
