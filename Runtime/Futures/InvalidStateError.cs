namespace CoroGen;

/// <summary>
/// A future or task was used in a state that does not allow it (asyncio's
/// <c>InvalidStateError</c>): reading the result of a pending future, or completing one twice.
/// </summary>
public class InvalidStateError : InvalidOperationException
{
    /// <summary>Creates the error.</summary>
    public InvalidStateError(string message)
        : base(message)
    {
    }
}
