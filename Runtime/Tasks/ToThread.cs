namespace CoroGen;

public readonly partial struct Coro
{
    /// <summary>
    /// Runs a blocking function on the default executor (the thread pool) and resumes with its
    /// result on the loop thread (asyncio's <c>to_thread</c>).
    /// </summary>
    /// <remarks>The current task's context variables are visible to <paramref name="work"/>, as asyncio's <c>to_thread</c> copies the context.</remarks>
    public static async Coro<T> ToThread<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var context = Tasks.CoroContext.Current;
        return await EventLoop.GetRunningLoop().RunInExecutor(() => Tasks.CoroContext.RunIn(context, work));
    }

    /// <summary>Runs a blocking action on the default executor and resumes on the loop thread when it is done.</summary>
    public static async Coro ToThread(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await ToThread(() =>
        {
            work();
            return true;
        });
    }
}
