namespace CoroGen.Queues;

/// <summary>
/// <c>PutNowait</c> found no free slot in a bounded queue (asyncio's <c>QueueFull</c>).
/// </summary>
public class QueueFull : InvalidOperationException
{
    /// <summary>Creates the error; without a message it says the queue is full.</summary>
    public QueueFull(string? message = null)
        : base(message ?? "The queue is full.")
    {
    }
}
