using CoroGen.Futures;
using CoroGen.Internal;

namespace CoroGen;

public readonly partial struct Coro
{
    /// <summary>
    /// Protects a task from the cancellation of whoever awaits it (asyncio's <c>shield</c>):
    /// cancelling the awaiting task raises <see cref="CancelledError"/> in it at once while
    /// <paramref name="task"/> keeps running. If <paramref name="task"/> itself is cancelled, the
    /// shield raises <see cref="CancelledError"/> too. Keep the task handle if you need its result later.
    /// </summary>
    public static async Coro<T> Shield<T>(CoroTask<T> task)
    {
        var box = task.Box ?? throw new ArgumentException("The task handle is default.", nameof(task));
        box.Validate(task.Version);
        var outer = new Future<T>(box.Loop);
        var link = new ShieldLink<T>(outer, task.Version);
        if (box.IsDone)
        {
            link.OnCompleted(box);
        }
        else
        {
            box.AddListener(link);
        }

        try
        {
            return await outer;
        }
        finally
        {
            if (!box.IsDone && box.Version == task.Version)
            {
                box.RemoveListener(link);
            }
        }
    }

    /// <summary>Spawns <paramref name="coro"/> as a task and shields it (see <see cref="Shield{T}(CoroTask{T})"/>).</summary>
    public static Coro<T> Shield<T>(Coro<T> coro) => ShieldSpawned(coro);

    /// <summary>Protects a task from the cancellation of whoever awaits it (see <see cref="Shield{T}(CoroTask{T})"/>).</summary>
    public static async Coro Shield(CoroTask task)
    {
        var box = task.Box ?? throw new ArgumentException("The task handle is default.", nameof(task));
        box.Validate(task.Version);
        var outer = new Future<bool>(box.Loop);
        var link = new ShieldLink(outer);
        if (box.IsDone)
        {
            link.OnCompleted(box);
        }
        else
        {
            box.AddListener(link);
        }

        try
        {
            await outer;
        }
        finally
        {
            if (!box.IsDone && box.Version == task.Version)
            {
                box.RemoveListener(link);
            }
        }
    }

    /// <summary>Spawns <paramref name="coro"/> as a task and shields it.</summary>
    public static async Coro Shield(Coro coro) => await ShieldSpawned(coro.Inner);

    private static async Coro<T> ShieldSpawned<T>(Coro<T> coro) => await Shield(Spawn(coro));

    /// <summary>Copies the inner task's outcome to the shield's future, unless that was cancelled.</summary>
    private sealed class ShieldLink<T>(Future<T> outer, int version) : ICompletionListener
    {
        public void OnCompleted(FutureBase source) => Forward((TaskBox<T>)source, outer, box => box.ReadResult(version));
    }

    /// <summary>The untyped shield's link: copies only how the inner task ended.</summary>
    private sealed class ShieldLink(Future<bool> outer) : ICompletionListener
    {
        public void OnCompleted(FutureBase source) => Forward((TaskBox)source, outer, static _ => true);
    }

    private static void Forward<TBox, TResult>(TBox box, Future<TResult> outer, Func<TBox, TResult> result)
        where TBox : TaskBox
    {
        if (outer.Done)
        {
            return;
        }

        box.MarkExceptionRetrieved();
        switch (box.Status)
        {
            case FutureStatus.Cancelled:
                outer.Cancel(box.CancelMessage);
                break;
            case FutureStatus.Faulted:
                outer.TrySetException(box.Error!.SourceException);
                break;
            default:
                outer.TrySetResult(result(box));
                break;
        }
    }
}
