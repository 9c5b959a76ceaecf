using System.Diagnostics;

namespace CoroGen.Net;

/// <summary>
/// Waits for one descriptor to become readable, like the loop's private readiness wait behind
/// <c>SockRecv</c>, but can be <see cref="Detach">detached</see> synchronously.
/// </summary>
/// <remarks>
/// <para>Why the streams do not just call <see cref="EventLoop.SockRecv"/> while waiting: closing
/// the writer must wake a pending read at once with EOF, before the socket is closed and its
/// descriptor number can be reused. <see cref="Detach"/> removes the registration synchronously
/// and wakes the waiter, which then sees that its socket is gone.</para>
/// <para>Invariant: a reader is registered on the loop for <c>fd</c> exactly while
/// <c>_pending</c> is not null. One waiter at a time (the owners serialize their reads).</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed class ReadinessWait
{
    private readonly EventLoop _loop;
    private readonly int _fd;
    private readonly Action _onReady;
    private Future<bool>? _pending;

    public ReadinessWait(EventLoop loop, int fd)
    {
        _loop = loop;
        _fd = fd;
        _onReady = () => _pending?.TrySetResult(true);
    }

    /// <summary>True once <see cref="Detach"/> was called: the descriptor must not be used any more.</summary>
    public bool Detached { get; private set; }

    /// <summary>Waits until the descriptor is readable (true) or the wait is detached (false).</summary>
    public async Coro<bool> Wait()
    {
        if (Detached)
        {
            return false;
        }

        Debug.Assert(_pending is null, "one waiter at a time");
        var ready = _loop.CreateFuture<bool>();
        _pending = ready;
        _loop.AddReader(_fd, _onReady);
        try
        {
            return await ready;
        }
        finally
        {
            if (ReferenceEquals(_pending, ready))
            {
                _pending = null;
                _loop.RemoveReader(_fd);
            }
        }
    }

    /// <summary>Removes the registration now and wakes a waiting task with false; later waits return false at once.</summary>
    public void Detach()
    {
        Detached = true;
        if (_pending is { } pending)
        {
            _pending = null;
            _loop.RemoveReader(_fd);
            pending.TrySetResult(false);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"<ReadinessWait fd={_fd}{(Detached ? " detached" : _pending is null ? "" : " waiting")}>";
}
