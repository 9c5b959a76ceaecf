namespace CoroGen.Queues;

/// <summary>
/// <c>GetNowait</c> found no item it could take (asyncio's <c>QueueEmpty</c>).
/// </summary>
public class QueueEmpty : InvalidOperationException
{
    /// <summary>Creates the error; without a message it says the queue is empty.</summary>
    public QueueEmpty(string? message = null)
        : base(message ?? "The queue is empty.")
    {
    }
}
