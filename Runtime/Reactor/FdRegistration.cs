using System.Diagnostics;
using CoroGen.Futures;
using CoroGen.Loop;

namespace CoroGen.Reactor;

/// <summary>
/// What the reactor knows about one registered file descriptor: its readiness flags, at most one
/// task waiting to read and one waiting to write, the level-triggered reader/writer callbacks of
/// <see cref="EventLoop.AddReader(int, Action)"/>, and at most one <see cref="IReadinessHandler"/>
/// (a transport). Made by <see cref="EpollReactor.Register"/>, kept until <see cref="EpollReactor.Unregister"/>.
/// </summary>
/// <remarks>
/// <para><b>Edge-triggered, registered once.</b> While the descriptor has no callbacks it is in
/// the epoll set as <c>EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET</c>, added once and never
/// modified: a wait costs no <c>epoll_ctl</c>. Each event sets <see cref="ReadReady"/> or
/// <see cref="WriteReady"/>; the owner clears a flag when the kernel says it would block
/// (<see cref="WaitReadable"/>, <see cref="WaitWritable"/>) or a short read proves the socket
/// drained. A flag that is clear means an edge is still to come, so waiting is safe.</para>
/// <para><b>Level-triggered while callbacks exist.</b> asyncio's reader and writer callbacks run
/// on every poll while the descriptor is ready, which edges cannot express. While a callback is
/// registered the descriptor is switched (one <c>EPOLL_CTL_MOD</c>) to level-triggered with the
/// interest of its callbacks and waiting tasks, and back to the edge-triggered set when the last
/// callback goes; <c>EPOLL_CTL_MOD</c> re-reports current readiness, so no edge is lost. Only in
/// this mixed mode does a task's wait change the interest.</para>
/// <para>Invariants: <c>_registered</c> is the mask the kernel holds (0 once unregistered);
/// <c>ReaderTask</c>/<c>WriterTask</c> are suspended on this registration (it is their
/// <see cref="TaskBox.WaitingOn"/>) and are cleared before they are woken; a handler and a
/// callback never share a descriptor (asyncio raises the same way); the registration is scheduled
/// on the ready queue at most once (<c>_scheduled</c>). Loop thread only.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed class FdRegistration : IWaitSource, IRunnable
{
    private readonly EpollReactor _reactor;
    private bool _scheduled;
    private uint _registered;

    internal FdRegistration(EpollReactor reactor, EventLoop loop, int fd, ulong token)
    {
        _reactor = reactor;
        Loop = loop;
        Fd = fd;
        Token = token;
    }

    /// <summary>The descriptor.</summary>
    public int Fd { get; }

    /// <summary>The loop the registration belongs to.</summary>
    public EventLoop Loop { get; }

    /// <summary>The epoll data word: slot index and generation, so a stale event cannot reach a reused slot.</summary>
    internal ulong Token { get; }

    /// <summary>True once unregistered: the descriptor must not be used through this registration any more.</summary>
    public bool Closed { get; private set; }

    /// <summary>Set by an event that reported the descriptor readable (or hung up, or failed); cleared by the owner on EAGAIN or a short read.</summary>
    public bool ReadReady;

    /// <summary>Set by an event that reported the descriptor writable (or hung up, or failed); cleared by the owner on EAGAIN.</summary>
    public bool WriteReady;

    /// <summary>Set once an event reported the peer's shutdown, a hang-up or an error: a short read no longer proves the socket drained.</summary>
    public bool HangUp;

    /// <summary>The task waiting for readability, if any.</summary>
    internal TaskBox? ReaderTask;

    /// <summary>The task waiting for writability, if any.</summary>
    internal TaskBox? WriterTask;

    /// <summary>The level-triggered reader callback (<see cref="EventLoop.AddReader(int, Action)"/>), if any.</summary>
    internal Handle? ReaderCallback;

    /// <summary>The level-triggered writer callback (<see cref="EventLoop.AddWriter(int, Action)"/>), if any.</summary>
    internal Handle? WriterCallback;

    /// <summary>The transport driven by this descriptor's readiness, if any.</summary>
    internal IReadinessHandler? Handler;

    /// <summary>The handler wants to run when the descriptor is readable.</summary>
    internal bool HandlerReads;

    /// <summary>The handler wants to run when the descriptor is writable.</summary>
    internal bool HandlerWrites;

    /// <summary>True when a socket, stream or transport holds this registration: removing the last callback keeps it.</summary>
    internal bool Owned;

    private bool LevelTriggered => ReaderCallback is not null || WriterCallback is not null;

    /// <summary>
    /// The caller just saw EAGAIN on a receive (or accept): forgets the read readiness and returns an
    /// awaitable that completes at the next read edge (true) or when the registration is closed (false).
    /// </summary>
    /// <exception cref="InvalidOperationException">Another task is already waiting to read this descriptor.</exception>
    public ReadinessAwaitable WaitReadable()
    {
        if (ReaderTask is not null)
        {
            throw new InvalidOperationException(
                $"Another task is already waiting to read file descriptor {Fd}: a socket has one reader at a time; serialize the reads (for example with an AsyncLock) or give each task its own socket.");
        }

        ReadReady = false;
        return new ReadinessAwaitable(this, write: false);
    }

    /// <summary>The caller just saw EAGAIN on a send (or a connect is in progress): like <see cref="WaitReadable"/> for writability.</summary>
    /// <exception cref="InvalidOperationException">Another task is already waiting to write this descriptor.</exception>
    public ReadinessAwaitable WaitWritable()
    {
        if (WriterTask is not null)
        {
            throw new InvalidOperationException(
                $"Another task is already waiting to write file descriptor {Fd}: a socket has one writer at a time; serialize the writes (for example with an AsyncLock) or give each task its own socket.");
        }

        WriteReady = false;
        return new ReadinessAwaitable(this, write: true);
    }

    /// <summary>A receive returned fewer bytes than asked: unless the peer already hung up, the socket is drained and the next data will bring an edge.</summary>
    public void OnShortRead()
    {
        if (!HangUp)
        {
            ReadReady = false;
        }
    }

    /// <summary>Makes <paramref name="handler"/> the one readiness handler of this descriptor.</summary>
    /// <exception cref="InvalidOperationException">The descriptor already has a handler (a transport or stream writer), or a reader or writer callback.</exception>
    public void SetHandler(IReadinessHandler handler)
    {
        if (Handler is { } existing)
        {
            throw new InvalidOperationException($"File descriptor {Fd} is already used by {existing}: one transport, stream or server per socket.");
        }

        if (LevelTriggered)
        {
            throw new InvalidOperationException($"File descriptor {Fd} has a reader or writer callback: remove it (RemoveReader/RemoveWriter) before wrapping the socket in a transport, stream or server.");
        }

        Handler = handler;
    }

    /// <summary>Removes the readiness handler (a STARTTLS upgrade hands the socket to a new one); the readiness flags are kept.</summary>
    public void ClearHandler()
    {
        Handler = null;
        HandlerReads = false;
        HandlerWrites = false;
    }

    /// <summary>Says which directions the handler wants to run for; schedules it at once if one of them is already ready.</summary>
    public void SetHandlerInterest(bool read, bool write)
    {
        HandlerReads = read;
        HandlerWrites = write;
        if ((read && ReadReady) || (write && WriteReady))
        {
            ScheduleHandler();
        }
    }

    /// <summary>Schedules the handler to run on the next ready-queue turn (for example after reading resumes while data is still pending).</summary>
    public void ScheduleHandler()
    {
        if (!_scheduled && !Closed && Handler is not null)
        {
            _scheduled = true;
            Loop.Schedule(this);
        }
    }

    /// <summary>Called by <see cref="EpollReactor.Poll"/> for each event on this descriptor.</summary>
    internal void OnEvents(uint events)
    {
        const uint failed = Libc.EPOLLERR | Libc.EPOLLHUP;
        if ((events & (Libc.EPOLLRDHUP | failed)) != 0)
        {
            HangUp = true;
        }

        var changed = false;
        if ((events & (Libc.EPOLLIN | Libc.EPOLLRDHUP | failed)) != 0)
        {
            ReadReady = true;
            if (ReaderTask is { } reader)
            {
                ReaderTask = null;
                changed = true;
                reader.Wake();
            }

            if (ReaderCallback is { Cancelled: false } callback)
            {
                Loop.Schedule(callback);
            }
        }

        if ((events & (Libc.EPOLLOUT | failed)) != 0)
        {
            WriteReady = true;
            if (WriterTask is { } writer)
            {
                WriterTask = null;
                changed = true;
                writer.Wake();
            }

            if (WriterCallback is { Cancelled: false } callback)
            {
                Loop.Schedule(callback);
            }
        }

        if (Handler is not null && ((ReadReady && HandlerReads) || (WriteReady && HandlerWrites)))
        {
            ScheduleHandler();
        }

        if (changed)
        {
            UpdateInterest();
        }
    }

    /// <summary>A waiter was added or removed, or a callback changed: brings the kernel's mask in line (a no-op in edge-triggered mode once added).</summary>
    internal void UpdateInterest()
    {
        if (Closed)
        {
            return;
        }

        uint wanted;
        if (LevelTriggered)
        {
            wanted = (ReaderCallback is not null || ReaderTask is not null ? Libc.EPOLLIN | Libc.EPOLLRDHUP : 0)
                | (WriterCallback is not null || WriterTask is not null ? Libc.EPOLLOUT : 0);
        }
        else
        {
            wanted = Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET;
        }

        if (wanted == _registered)
        {
            return;
        }

        // Level-triggered with nothing to watch: keep the descriptor in the set, edge-triggered with
        // an empty mask, so a hang-up nobody listens to is reported once, not on every poll.
        if (wanted == 0)
        {
            wanted = Libc.EPOLLET;
        }

        if (wanted == _registered)
        {
            return;
        }

        _reactor.Control(_registered == 0 ? Libc.EPOLL_CTL_ADD : Libc.EPOLL_CTL_MOD, Fd, wanted, Token);
        _registered = wanted;
    }

    /// <summary>Marks the registration closed and wakes its waiting tasks (they see <see langword="false"/>); the reactor removes it from the kernel.</summary>
    internal void MarkClosed()
    {
        Closed = true;
        _registered = 0;
        ReaderCallback?.Cancel();
        WriterCallback?.Cancel();
        ReaderCallback = null;
        WriterCallback = null;
        Handler = null;
        if (ReaderTask is { } reader)
        {
            ReaderTask = null;
            reader.Wake();
        }

        if (WriterTask is { } writer)
        {
            WriterTask = null;
            writer.Wake();
        }
    }

    /// <summary>The descriptor was found re-registered under a new owner (closed and its number reused): forget the kernel mask so the next update adds it again.</summary>
    internal void ForgetKernelRegistration() => _registered = 0;

    /// <summary>Suspends <paramref name="task"/> until the next edge in that direction.</summary>
    internal void Suspend(TaskBox task, bool write)
    {
        if (Closed)
        {
            task.Wake();
        }
        else if (write)
        {
            WriterTask = task;
        }
        else
        {
            ReaderTask = task;
        }

        if (LevelTriggered)
        {
            UpdateInterest();
        }

        task.SuspendOn(this);
    }

    /// <summary>A waiting task was cancelled: forget it and wake it with the cancellation, as a sleep does.</summary>
    public bool CancelWait(TaskBox task, string? message)
    {
        if (ReferenceEquals(ReaderTask, task))
        {
            ReaderTask = null;
        }
        else if (ReferenceEquals(WriterTask, task))
        {
            WriterTask = null;
        }

        if (LevelTriggered)
        {
            UpdateInterest();
        }

        task.DeliverCancel();
        task.Wake();
        return true;
    }

    void IRunnable.Run()
    {
        _scheduled = false;
        if (Closed || Handler is not { } handler)
        {
            return;
        }

        try
        {
            handler.OnReady(this);
        }
        catch (Exception e)
        {
            Loop.CallExceptionHandler(new ExceptionContext($"Exception in the readiness handler of {handler}") { Exception = e });
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"<FdRegistration fd={Fd}{(Closed ? " closed" : "")}{(ReadReady ? " r" : "")}{(WriteReady ? " w" : "")}{(HangUp ? " hup" : "")}{(LevelTriggered ? " level" : " edge")}>";
}
