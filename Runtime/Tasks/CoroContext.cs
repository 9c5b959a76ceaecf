using System.Collections.Immutable;

namespace CoroGen.Tasks;

/// <summary>
/// Where context variables live (asyncio's <c>contextvars.Context</c>): an immutable map per
/// task, so "each task runs in a copy of its spawner's context" costs one reference copy.
/// </summary>
/// <remarks>
/// Inside a task the current context is the task's; elsewhere (plain callbacks, other threads)
/// it is the thread's ambient context. Setting a variable replaces the current map with a new
/// one, visible to the current task and to tasks it spawns afterwards, never to its spawner.
/// </remarks>
internal static class CoroContext
{
    [ThreadStatic]
    private static ImmutableDictionary<object, object?>? t_ambient;

    [ThreadStatic]
    private static object? t_ambientOwner;

    public static ImmutableDictionary<object, object?> Current =>
        (TaskBox.Current is { } task ? task.Context : t_ambient) ?? ImmutableDictionary<object, object?>.Empty;

    /// <summary>Identifies the context a token was made in: the task box and its use, or the thread.</summary>
    public static (object Owner, int Version) Identity =>
        TaskBox.Current is { } task ? (task, task.Version) : (t_ambientOwner ??= new object(), 0);

    public static void Replace(ImmutableDictionary<object, object?> context)
    {
        if (TaskBox.Current is { } task)
        {
            task.Context = context;
        }
        else
        {
            t_ambient = context;
        }
    }

    /// <summary>Runs <paramref name="work"/> on this thread with <paramref name="context"/> as its ambient context.</summary>
    public static T RunIn<T>(ImmutableDictionary<object, object?> context, Func<T> work)
    {
        var saved = t_ambient;
        t_ambient = context;
        try
        {
            return work();
        }
        finally
        {
            t_ambient = saved;
        }
    }
}
