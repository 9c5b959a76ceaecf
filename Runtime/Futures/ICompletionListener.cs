namespace CoroGen.Futures;

/// <summary>
/// Internal completion hook for combinators (gather, wait, task groups): called synchronously,
/// on the loop thread, when the future completes. User callbacks go through the loop instead.
/// </summary>
internal interface ICompletionListener
{
    void OnCompleted(FutureBase source);
}
