using System.Runtime.InteropServices;
using CoroGen.Loop;

namespace CoroGen.Reactor;

/// <summary>
/// The loop's I/O driver on Linux (asyncio's selector, Tokio's I/O driver): an epoll instance
/// with an eventfd for cross-thread wake-ups and one <see cref="FdRegistration"/> per registered
/// descriptor.
/// </summary>
/// <remarks>
/// <para>Ground rules: created lazily on the loop thread by the first registration; only
/// <see cref="Wake"/> may be called from other threads. A descriptor is registered once and stays
/// registered until <see cref="Unregister"/> (sockets, streams and transports do that before they
/// close it): waits are edge-triggered and cost no <c>epoll_ctl</c>. The level-triggered reader
/// and writer callbacks of <see cref="EventLoop.AddReader(int, Action)"/> share the same
/// registration; see <see cref="FdRegistration"/> for how the two modes coexist.</para>
/// <para>Poll is the loop's park: it blocks in <c>epoll_wait</c> for the nearest timer when
/// nothing is ready, and is called with a zero timeout at a batch boundary once
/// <see cref="EventLoop.IoPollInterval"/> callbacks ran since the last poll, so ready callbacks
/// cannot starve I/O and a busy loop does not pay a syscall per hop. EINTR is retried. Events only set flags and
/// queue tasks, callbacks and handlers; nothing user-visible runs inside a poll.</para>
/// <para>Invariants: every registration is in <c>_byFd</c> under its descriptor and in
/// <c>_slots</c> under the low half of its token; the high half is a generation bumped when a
/// slot is reused, so an event for a removed registration is dropped.</para>
/// </remarks>
internal sealed unsafe class EpollReactor : IDisposable
{
    private const int MaxEvents = 256;
    private const ulong WakeToken = ulong.MaxValue;

    private readonly EventLoop _loop;
    private readonly int _epoll;
    private readonly int _wakeFd;
    private readonly Dictionary<int, FdRegistration> _byFd = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly Libc.EpollEvent* _events;
    private FdRegistration?[] _slots = new FdRegistration?[64];
    private uint[] _generations = new uint[64];
    private int _slotCount;
    private volatile bool _disposed;

    private EpollReactor(EventLoop loop, int epoll, int wakeFd)
    {
        _loop = loop;
        _epoll = epoll;
        _wakeFd = wakeFd;
        _events = (Libc.EpollEvent*)NativeMemory.Alloc(MaxEvents, (nuint)sizeof(Libc.EpollEvent));
    }

    /// <summary>How many <c>epoll_ctl</c> calls were made (tests check that waits make none).</summary>
    public long ControlCalls { get; private set; }

    /// <summary>How many times <see cref="Poll"/> was called (tests check that a busy loop does not poll on every hop).</summary>
    public long Polls { get; private set; }

    /// <summary>The number of registered descriptors.</summary>
    public int Count => _byFd.Count;

    /// <summary>Creates the reactor, or explains why this platform has none.</summary>
    /// <exception cref="PlatformNotSupportedException">Not Linux on x86-64 (the only layout of <c>epoll_event</c> bound so far).</exception>
    public static EpollReactor Create(EventLoop loop)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException(
                $"CoroGen's I/O reactor needs epoll on Linux x86-64; this is {RuntimeInformation.OSDescription} on {RuntimeInformation.ProcessArchitecture}. Timers, tasks and thread-safe calls work everywhere; file-descriptor I/O does not yet.");
        }

        var epoll = Libc.epoll_create1(Libc.EPOLL_CLOEXEC);
        if (epoll < 0)
        {
            throw new IOException($"epoll_create1 failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        var wakeFd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (wakeFd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Libc.close(epoll);
            throw new IOException($"eventfd failed (errno {errno}).");
        }

        var reactor = new EpollReactor(loop, epoll, wakeFd);
        reactor.Control(Libc.EPOLL_CTL_ADD, wakeFd, Libc.EPOLLIN, WakeToken);
        return reactor;
    }

    /// <summary>The registration of <paramref name="fd"/>, or <see langword="null"/>.</summary>
    public FdRegistration? Find(int fd) => _byFd.GetValueOrDefault(fd);

    /// <summary>
    /// Registers <paramref name="fd"/> (edge-triggered, both directions) for a new owner and returns
    /// its registration. If the number is already registered, the kernel entry is refreshed (one
    /// <c>epoll_ctl</c>): it may be a descriptor that was closed without being unregistered and
    /// whose number now names a new file, which the kernel no longer watches.
    /// </summary>
    public FdRegistration Register(int fd)
    {
        if (_byFd.TryGetValue(fd, out var existing))
        {
            existing.ForgetKernelRegistration();
            existing.UpdateInterest();
            return existing;
        }

        int slot;
        if (_freeSlots.Count > 0)
        {
            slot = _freeSlots.Pop();
        }
        else
        {
            if (_slotCount == _slots.Length)
            {
                Array.Resize(ref _slots, _slots.Length * 2);
                Array.Resize(ref _generations, _generations.Length * 2);
            }

            slot = _slotCount++;
        }

        var registration = new FdRegistration(this, _loop, fd, ((ulong)_generations[slot] << 32) | (uint)slot);
        _slots[slot] = registration;
        _byFd[fd] = registration;
        registration.UpdateInterest();
        return registration;
    }

    /// <summary>
    /// Removes <paramref name="registration"/> from epoll and wakes its waiting tasks (they see the
    /// registration closed). Call before closing the descriptor: the number may be reused at once.
    /// </summary>
    public void Unregister(FdRegistration registration)
    {
        if (registration.Closed)
        {
            return;
        }

        var slot = (int)(uint)registration.Token;
        if (ReferenceEquals(_slots[slot], registration))
        {
            _slots[slot] = null;
            _generations[slot]++;
            _freeSlots.Push(slot);
        }

        if (_byFd.TryGetValue(registration.Fd, out var current) && ReferenceEquals(current, registration))
        {
            _byFd.Remove(registration.Fd);
            Control(Libc.EPOLL_CTL_DEL, registration.Fd, 0, 0);
        }

        registration.MarkClosed();
    }

    /// <summary>Sets the reader (<paramref name="write"/> false) or writer callback of <paramref name="fd"/>, replacing any previous one.</summary>
    /// <exception cref="InvalidOperationException">A transport owns the descriptor.</exception>
    public void SetCallback(int fd, Handle handle, bool write)
    {
        if (_byFd.TryGetValue(fd, out var existing) && existing.Handler is { } handler)
        {
            throw new InvalidOperationException(
                $"File descriptor {fd} is used by transport {handler}: close the transport before adding a reader or writer callback for it.");
        }

        var registration = existing ?? Register(fd);
        ref var slot = ref write ? ref registration.WriterCallback : ref registration.ReaderCallback;
        slot?.Cancel();
        slot = handle;

        // Always tell the kernel: the number may name a new file since the last registration.
        registration.ForgetKernelRegistration();
        registration.UpdateInterest();
    }

    /// <summary>
    /// Removes the reader or writer callback of <paramref name="fd"/>; false when there was none, or
    /// when <paramref name="expected"/> is given and another callback has taken its place. A
    /// registration left with nothing (no callback, waiter, handler or owner) is unregistered.
    /// </summary>
    public bool RemoveCallback(int fd, bool write, Handle? expected = null)
    {
        if (!_byFd.TryGetValue(fd, out var registration))
        {
            return false;
        }

        ref var slot = ref write ? ref registration.WriterCallback : ref registration.ReaderCallback;
        if (slot is null || (expected is not null && !ReferenceEquals(slot, expected)))
        {
            return false;
        }

        slot.Cancel();
        slot = null;
        if (registration is { ReaderCallback: null, WriterCallback: null, ReaderTask: null, WriterTask: null, Handler: null, Owned: false })
        {
            Unregister(registration);
        }
        else
        {
            registration.UpdateInterest();
        }

        return true;
    }

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> (-1: forever) for I/O or a wake-up, and hands each event to its registration.</summary>
    public void Poll(int timeoutMilliseconds)
    {
        Polls++;
        int count;
        do
        {
            count = Libc.epoll_wait(_epoll, _events, MaxEvents, timeoutMilliseconds);
        }
        while (count < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);

        if (count < 0)
        {
            throw new IOException($"epoll_wait failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        for (var i = 0; i < count; i++)
        {
            var ev = _events[i];
            if (ev.Data == WakeToken)
            {
                ulong drained;
                Libc.read(_wakeFd, &drained, sizeof(ulong));
                continue;
            }

            var slot = (int)(uint)ev.Data;
            if (slot < _slotCount && _slots[slot] is { } registration && registration.Token == ev.Data)
            {
                registration.OnEvents(ev.Events);
            }
        }
    }

    /// <summary>Interrupts a blocked <see cref="Poll"/>. Thread-safe.</summary>
    public void Wake()
    {
        if (_disposed)
        {
            return;
        }

        ulong one = 1;
        Libc.write(_wakeFd, &one, sizeof(ulong));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Libc.close(_wakeFd);
        Libc.close(_epoll);
        NativeMemory.Free(_events);
    }

    /// <summary>One <c>epoll_ctl</c>; a MOD of a descriptor the kernel dropped (closed, number reused) becomes an ADD, an ADD of one it still has becomes a MOD.</summary>
    internal void Control(int op, int fd, uint events, ulong token)
    {
        var ev = new Libc.EpollEvent { Events = events, Data = token };
        ControlCalls++;
        if (Libc.epoll_ctl(_epoll, op, fd, &ev) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (op == Libc.EPOLL_CTL_MOD && errno == Libc.ENOENT)
            {
                Control(Libc.EPOLL_CTL_ADD, fd, events, token);
                return;
            }

            if (op == Libc.EPOLL_CTL_ADD && errno == Libc.EEXIST)
            {
                Control(Libc.EPOLL_CTL_MOD, fd, events, token);
                return;
            }

            if (op == Libc.EPOLL_CTL_DEL && errno is Libc.EBADF or Libc.ENOENT)
            {
                // The descriptor was closed before it was removed: the kernel already dropped it.
                return;
            }

            throw new IOException($"epoll_ctl({op}) on file descriptor {fd} failed (errno {errno}).");
        }
    }
}
