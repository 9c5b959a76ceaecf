using System.Diagnostics;
using CoroGen.Futures;
using CoroGen.Internal;

namespace CoroGen;

/// <summary>
/// Structured concurrency (asyncio's <c>TaskGroup</c>): the body spawns children through the
/// group, and the group ends only when every child has finished.
/// <code>
/// await TaskGroup.Run(async group =>
/// {
///     group.Spawn(Fetch("a"));
///     group.Spawn(Fetch("b"));
/// });
/// </code>
/// </summary>
/// <remarks>
/// <para>The first child that fails (other than by cancellation) cancels the remaining children
/// and, if the body is still running, the body too; that cancellation stays inside the group.
/// When all are done, every error (the body's included) is raised together as a
/// <see cref="TaskGroupException"/>. If the task running the group is cancelled from outside,
/// the children are cancelled and the <see cref="CancelledError"/> propagates once they have
/// finished; errors take priority over it.</para>
/// <para>C# has no <c>async with</c> that sees the exception leaving the block, hence the
/// <see cref="Run(Func{TaskGroup, Coro})"/> shape. The logic follows CPython's
/// <c>taskgroups.py</c> (3.13), including its cancel-count bookkeeping.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class TaskGroup : ICompletionListener
{
    private readonly EventLoop _loop;
    private readonly TaskBox _parent;
    private readonly HashSet<CoroTask> _children = [];
    private readonly List<Exception> _errors = [];
    private bool _exiting;
    private bool _aborting;
    private bool _parentCancelRequested;
    private Future<bool>? _allDone;

    private TaskGroup(EventLoop loop, TaskBox parent)
    {
        _loop = loop;
        _parent = parent;
    }

    /// <summary>Runs <paramref name="body"/> with a new group and waits for all its children.</summary>
    /// <exception cref="TaskGroupException">One or more children, or the body, failed.</exception>
    public static async Coro Run(Func<TaskGroup, Coro> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        await Run(async group =>
        {
            await body(group);
            return default(VoidResult);
        });
    }

    /// <summary>Runs <paramref name="body"/> with a new group, waits for all its children, and returns the body's result.</summary>
    /// <exception cref="TaskGroupException">One or more children, or the body, failed.</exception>
    public static async Coro<T> Run<T>(Func<TaskGroup, Coro<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var group = new TaskGroup(EventLoop.GetRunningLoop(), TaskBox.CurrentOrThrow());
        T result = default!;
        Exception? bodyError = null;
        try
        {
            result = await body(group);
        }
        catch (Exception e)
        {
            bodyError = e;
        }

        await group.Exit(bodyError);
        return result;
    }

    /// <summary>Spawns a child task in the group.</summary>
    /// <exception cref="InvalidOperationException">The group has finished or is shutting down after a failure.</exception>
    public CoroTask<T> Spawn<T>(Coro<T> coro, string? name = null)
    {
        if (_exiting && _children.Count == 0)
        {
            coro.Abandon();
            throw new InvalidOperationException("This TaskGroup is finished: it cannot spawn new tasks.");
        }

        if (_aborting)
        {
            coro.Abandon();
            throw new InvalidOperationException("This TaskGroup is shutting down after a failure: it cannot spawn new tasks.");
        }

        var task = _loop.Spawn(coro, name);
        _children.Add(task.Untyped);
        task.Box!.AddListener(this);
        return task;
    }

    /// <summary>Spawns a child task in the group.</summary>
    /// <exception cref="InvalidOperationException">The group has finished or is shutting down after a failure.</exception>
    public CoroTask Spawn(Coro coro, string? name = null) => Spawn(coro.Inner, name).Untyped;

    /// <inheritdoc />
    public override string ToString() => $"<TaskGroup tasks={_children.Count}{(_errors.Count > 0 ? $" errors={_errors.Count}" : "")}{(_aborting ? " cancelling" : "")}>";

    void ICompletionListener.OnCompleted(FutureBase source)
    {
        // asyncio handles a child's end in a done callback, one loop iteration later; children
        // woken in the same iteration as a failing sibling therefore finish before the abort.
        // The outcome is read now because an await of the child's handle may recycle its box.
        var child = (TaskBox)source;
        var failure = child.Status == FutureStatus.Faulted ? child.Error!.SourceException : null;
        if (failure is not null)
        {
            child.MarkExceptionRetrieved();
        }

        _loop.CallSoon(static state => state.group.OnChildDone(state.handle, state.failure), (group: this, handle: child.Handle(), failure));
    }

    private void OnChildDone(CoroTask handle, Exception? failure)
    {
        _children.Remove(handle);
        if (_children.Count == 0)
        {
            _allDone?.TrySetResult(true);
        }

        if (failure is null)
        {
            return;
        }

        _errors.Add(failure);
        if (_parent.IsDone)
        {
            _loop.CallExceptionHandler(new Loop.ExceptionContext("Task in a TaskGroup failed after the group's task had finished")
            {
                Exception = failure,
                Task = handle,
            });
            return;
        }

        if (!_aborting && !_parentCancelRequested)
        {
            // Interrupt whatever the body awaits; Exit withdraws this cancellation again.
            Abort();
            _parentCancelRequested = true;
            _parent.Cancel(null);
        }
    }

    private void Abort()
    {
        _aborting = true;
        foreach (var child in _children.ToArray())
        {
            child.Cancel();
        }
    }

    private async Coro Exit(Exception? bodyError)
    {
        _exiting = true;
        CancelledError? propagateCancellation = bodyError as CancelledError;
        if (bodyError is not null && !_aborting)
        {
            Abort();
        }

        while (_children.Count > 0)
        {
            _allDone = new Future<bool>(_loop);
            try
            {
                await _allDone;
            }
            catch (CancelledError e)
            {
                if (!_aborting)
                {
                    // The group's task was cancelled from outside while children still ran.
                    propagateCancellation = e;
                    Abort();
                }
            }

            _allDone = null;
        }

        if (_parentCancelRequested && _parent.Uncancel() == 0)
        {
            propagateCancellation = null;
        }

        if (propagateCancellation is not null && _errors.Count == 0)
        {
            throw propagateCancellation;
        }

        if (bodyError is not null and not CancelledError)
        {
            _errors.Add(bodyError);
        }

        if (_errors.Count > 0)
        {
            if (_parent.CancelRequests > 0)
            {
                // Keep an outside cancellation pending after the group's own were withdrawn.
                _parent.Uncancel();
                _parent.Cancel(null);
            }

            throw new TaskGroupException(_errors);
        }
    }
}
