using System.Runtime.InteropServices;
using CoroGen.Loop;

namespace CoroGen.Reactor;

/// <summary>
/// The loop's I/O driver on Linux (asyncio's selector, Tokio's I/O driver): an epoll instance
/// with an eventfd for cross-thread wake-ups and the reader/writer callbacks of
/// <see cref="EventLoop.AddReader(int, Action)"/> and <see cref="EventLoop.AddWriter(int, Action)"/>.
/// </summary>
/// <remarks>
/// <para>Ground rules: created lazily on the loop thread by the first registration; only
/// <see cref="Wake"/> may be called from other threads. Registrations are level-triggered, as
/// asyncio's selectors are: a reader's callback is queued on every poll while its descriptor is
/// readable, until it is removed. A descriptor stays registered with epoll while it has a reader
/// or a writer; adding or removing one half is one <c>epoll_ctl</c> MOD, never one per wait.</para>
/// <para>Poll is the loop's park: it blocks in <c>epoll_wait</c> for the nearest timer when
/// nothing is ready, and is called with a zero timeout between batches while descriptors are
/// registered, so ready callbacks cannot starve I/O. EINTR is retried; a hang-up or error on a
/// descriptor wakes both its reader and its writer so they see the condition themselves.</para>
/// </remarks>
internal sealed unsafe class EpollReactor : IDisposable
{
    private const int MaxEvents = 256;
    private const ulong WakeToken = ulong.MaxValue;

    private readonly int _epoll;
    private readonly int _wakeFd;
    private readonly Dictionary<int, Registration> _registrations = [];
    private readonly Libc.EpollEvent* _events;
    private volatile bool _disposed;

    private EpollReactor(int epoll, int wakeFd)
    {
        _epoll = epoll;
        _wakeFd = wakeFd;
        _events = (Libc.EpollEvent*)NativeMemory.Alloc(MaxEvents, (nuint)sizeof(Libc.EpollEvent));
    }

    /// <summary>The number of descriptors with a reader or a writer.</summary>
    public int Count => _registrations.Count;

    /// <summary>Creates the reactor, or explains why this platform has none.</summary>
    /// <exception cref="PlatformNotSupportedException">Not Linux on x86-64 (the only layout of <c>epoll_event</c> bound so far).</exception>
    public static EpollReactor Create()
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

        var reactor = new EpollReactor(epoll, wakeFd);
        reactor.Control(Libc.EPOLL_CTL_ADD, wakeFd, Libc.EPOLLIN, WakeToken);
        return reactor;
    }

    /// <summary>Sets the reader (<paramref name="write"/> false) or writer of <paramref name="fd"/>, replacing any previous one.</summary>
    public void Set(int fd, Handle handle, bool write)
    {
        var had = _registrations.TryGetValue(fd, out var registration);
        if (write)
        {
            registration.Writer?.Cancel();
            registration.Writer = handle;
        }
        else
        {
            registration.Reader?.Cancel();
            registration.Reader = handle;
        }

        _registrations[fd] = registration;
        Control(had ? Libc.EPOLL_CTL_MOD : Libc.EPOLL_CTL_ADD, fd, registration.Interest, (ulong)fd);
    }

    /// <summary>
    /// Removes the reader or writer of <paramref name="fd"/>; false when there was none, or when
    /// <paramref name="expected"/> is given and another callback has taken its place (the
    /// descriptor was closed and its number reused by a new registration).
    /// </summary>
    public bool Remove(int fd, bool write, Handle? expected = null)
    {
        if (!_registrations.TryGetValue(fd, out var registration))
        {
            return false;
        }

        ref var slot = ref write ? ref registration.Writer : ref registration.Reader;
        if (slot is null || (expected is not null && !ReferenceEquals(slot, expected)))
        {
            return false;
        }

        slot.Cancel();
        slot = null;
        if (registration.Reader is null && registration.Writer is null)
        {
            _registrations.Remove(fd);
            Control(Libc.EPOLL_CTL_DEL, fd, 0, 0);
        }
        else
        {
            _registrations[fd] = registration;
            Control(Libc.EPOLL_CTL_MOD, fd, registration.Interest, (ulong)fd);
        }

        return true;
    }

    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> (-1: forever) for I/O or a wake-up, and queues the callbacks of ready descriptors.</summary>
    public void Poll(int timeoutMilliseconds, ref ReadyQueue ready)
    {
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

            if (!_registrations.TryGetValue((int)ev.Data, out var registration))
            {
                continue;
            }

            const uint failed = Libc.EPOLLERR | Libc.EPOLLHUP;
            if ((ev.Events & (Libc.EPOLLIN | Libc.EPOLLRDHUP | failed)) != 0 && registration.Reader is { Cancelled: false } reader)
            {
                ready.Enqueue(reader);
            }

            if ((ev.Events & (Libc.EPOLLOUT | failed)) != 0 && registration.Writer is { Cancelled: false } writer)
            {
                ready.Enqueue(writer);
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

    private void Control(int op, int fd, uint events, ulong token)
    {
        var ev = new Libc.EpollEvent { Events = events, Data = token };
        if (Libc.epoll_ctl(_epoll, op, fd, &ev) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (op == Libc.EPOLL_CTL_MOD && errno == Libc.ENOENT)
            {
                // The descriptor we knew was closed (the kernel dropped it from the epoll set) and
                // its number now names a new file: register that one afresh.
                Control(Libc.EPOLL_CTL_ADD, fd, events, token);
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

    private struct Registration
    {
        public Handle? Reader;
        public Handle? Writer;

        public readonly uint Interest => (Reader is null ? 0 : Libc.EPOLLIN | Libc.EPOLLRDHUP) | (Writer is null ? 0 : Libc.EPOLLOUT);
    }
}
