namespace CoroGen.Futures;

/// <summary>
/// What a suspended task is waiting on (asyncio's <c>_fut_waiter</c>). Cancelling the task asks
/// its wait source to cancel the wait.
/// </summary>
internal interface IWaitSource
{
    /// <summary>
    /// Cancels <paramref name="task"/>'s wait. Returns true when the source took charge: it woke
    /// the task (or will), and the task's next resume raises <see cref="CancelledError"/>. Returns
    /// false when it cannot (the wait is on foreign code), and the task delivers the cancellation
    /// at its next resumption instead.
    /// </summary>
    bool CancelWait(TaskBox task, string? message);
}
