namespace CoroGen.Loop;

/// <summary>
/// Anything the loop can run from its ready queue: a callback <see cref="Handle"/> or a task
/// step. Task boxes implement it themselves, so scheduling a task never allocates.
/// </summary>
internal interface IRunnable
{
    /// <summary>Runs on the loop thread; exceptions are reported through the loop's exception handler.</summary>
    void Run();
}
