namespace CoroGen;

public readonly partial struct Coro
{
    /// <summary>
    /// Runs a blocking function on the default executor (the thread pool) and resumes with its
    /// result on the loop thread (asyncio's <c>to_thread</c>).
    /// </summary>
    public static async Coro<T> ToThread<T>(Func<T> work) => await EventLoop.GetRunningLoop().RunInExecutor(work);

    /// <summary>Runs a blocking action on the default executor and resumes on the loop thread when it is done.</summary>
    public static async Coro ToThread(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await EventLoop.GetRunningLoop().RunInExecutor(() =>
        {
            work();
            return true;
        });
    }
}
