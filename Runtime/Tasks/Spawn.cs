namespace CoroGen;

public readonly partial struct Coro
{
    /// <summary>
    /// Schedules <paramref name="coro"/> as a task on the running loop and returns its handle
    /// (asyncio's <c>create_task</c>). The task's first step runs on a later loop iteration.
    /// </summary>
    /// <param name="coro">The coroutine to run.</param>
    /// <param name="name">The task's name; <c>Task-N</c> when <see langword="null"/>.</param>
    /// <param name="eagerStart">Run the coroutine at once up to its first suspension (asyncio 3.14's <c>eager_start</c>); <see langword="null"/> follows <see cref="EventLoop.EagerTasks"/>.</param>
    /// <exception cref="InvalidOperationException">No loop runs on this thread.</exception>
    public static CoroTask<T> Spawn<T>(Coro<T> coro, string? name = null, bool? eagerStart = null) => EventLoop.GetRunningLoop().Spawn(coro, name, eagerStart);

    /// <summary>Schedules <paramref name="coro"/> as a task on the running loop.</summary>
    /// <exception cref="InvalidOperationException">No loop runs on this thread.</exception>
    public static CoroTask Spawn(Coro coro, string? name = null, bool? eagerStart = null) => EventLoop.GetRunningLoop().Spawn(coro, name, eagerStart);

    /// <summary>The task running now, or <see langword="null"/> in a plain callback or outside a loop (asyncio's <c>current_task</c>).</summary>
    public static CoroTask? CurrentTask => TaskBox.Current is { } box ? box.Handle() : null;

    /// <summary>The running loop's tasks that are not done (asyncio's <c>all_tasks</c>).</summary>
    /// <exception cref="InvalidOperationException">No loop runs on this thread.</exception>
    public static IReadOnlyList<CoroTask> AllTasks() => EventLoop.GetRunningLoop().AllTasks();
}
