using CoroGen.Process;

namespace CoroGen;

/// <summary>
/// The loop's record of the subprocesses it watches, so closing the loop releases their pidfds.
/// </summary>
/// <remarks>
/// Invariant: a <see cref="ChildWatcher"/> is in <c>_children</c> exactly while it watches a child
/// that has not been reaped. Closing the loop reaps the children that already exited and stops
/// watching the others (they keep running, as asyncio leaves them; once they exit they stay
/// zombies until this process ends, since nobody waits for them any more).
/// </remarks>
public sealed partial class EventLoop
{
    private HashSet<ChildWatcher>? _children;

    /// <summary>How many subprocesses this loop watches (started and not yet reaped).</summary>
    internal int ChildCount => _children?.Count ?? 0;

    internal void TrackChild(ChildWatcher watcher) => (_children ??= []).Add(watcher);

    internal void UntrackChild(ChildWatcher watcher) => _children?.Remove(watcher);

    private void DisposeChildWatchers()
    {
        if (_children is null)
        {
            return;
        }

        foreach (var watcher in _children.ToArray())
        {
            watcher.Detach();
        }

        _children.Clear();
    }
}
