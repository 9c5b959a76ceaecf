namespace CoroGen.Queues;

/// <summary>
/// The queue was shut down (asyncio's <c>QueueShutDown</c>, Python 3.13). After
/// <c>Shutdown</c> every put raises it, gets raise it once no item is left for them, and tasks
/// blocked in a put or a get when the queue shuts down raise it.
/// </summary>
public class QueueShutDown : InvalidOperationException
{
    /// <summary>Creates the error; without a message it says the queue is shut down.</summary>
    public QueueShutDown(string? message = null)
        : base(message ?? "The queue is shut down.")
    {
    }
}
