namespace CoroGen;

/// <summary>The lifecycle of a future or task: pending, then exactly one of the three outcomes.</summary>
public enum FutureStatus
{
    /// <summary>Not done yet.</summary>
    Pending,

    /// <summary>Done with a result.</summary>
    Succeeded,

    /// <summary>Done with an exception.</summary>
    Faulted,

    /// <summary>Done by cancellation.</summary>
    Cancelled,
}
