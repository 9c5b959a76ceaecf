using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using CoroGen.Loop;
using CoroGen.Reactor;

namespace CoroGen;

/// <summary>
/// File-descriptor readiness and the low-level socket coroutines (asyncio's <c>add_reader</c>,
/// <c>add_writer</c>, <c>sock_recv</c>, <c>sock_sendall</c>, <c>sock_accept</c>, <c>sock_connect</c>).
/// </summary>
/// <remarks>
/// <para>The epoll reactor is created by the first registration, so loops that never touch a
/// descriptor keep the lighter park. Sockets must be non-blocking (<c>Blocking = false</c>), as
/// asyncio requires: every operation is tried at once and waits for readiness only when the
/// kernel says it would block.</para>
/// <para>Unlike asyncio's <c>sock_recv</c>, which adds and removes a reader around every wait, a
/// socket is registered with epoll once, at its first wait (edge-triggered, both directions), and
/// its <see cref="FdRegistration"/> is remembered per <see cref="Socket"/> object: later waits cost
/// no <c>epoll_ctl</c> and allocate nothing. A socket you close yourself is dropped from epoll by
/// the kernel; if its number is reused, the next registration under that number refreshes the
/// kernel entry.</para>
/// </remarks>
public sealed partial class EventLoop
{
    private EpollReactor? _reactor;
    private readonly ConditionalWeakTable<Socket, FdRegistration> _socketRegistrations = [];

    private EpollReactor Reactor
    {
        get
        {
            if (_reactor is null)
            {
                _reactor = EpollReactor.Create(this);
                _inbox.SetWaker(_reactor.Wake);
            }

            return _reactor;
        }
    }

    /// <summary>Calls <paramref name="callback"/> on the loop whenever <paramref name="fd"/> is readable, until <see cref="RemoveReader(int)"/>; replaces a previous reader.</summary>
    /// <exception cref="PlatformNotSupportedException">The platform has no reactor yet (only Linux x86-64 has).</exception>
    public Handle AddReader(int fd, Action callback) => AddCallback(fd, callback, write: false);

    /// <summary>Stops watching <paramref name="fd"/> for reading; false if no reader was registered.</summary>
    public bool RemoveReader(int fd)
    {
        CheckThread();
        return _reactor?.RemoveCallback(fd, write: false) ?? false;
    }

    /// <summary>Calls <paramref name="callback"/> on the loop whenever <paramref name="fd"/> is writable, until <see cref="RemoveWriter(int)"/>; replaces a previous writer.</summary>
    /// <exception cref="PlatformNotSupportedException">The platform has no reactor yet (only Linux x86-64 has).</exception>
    public Handle AddWriter(int fd, Action callback) => AddCallback(fd, callback, write: true);

    /// <summary>Stops watching <paramref name="fd"/> for writing; false if no writer was registered.</summary>
    public bool RemoveWriter(int fd)
    {
        CheckThread();
        return _reactor?.RemoveCallback(fd, write: true) ?? false;
    }

    /// <summary>Receives up to <c>buffer.Length</c> bytes; 0 means the peer closed its side (asyncio's <c>sock_recv_into</c>).</summary>
    /// <exception cref="ArgumentException">The socket is blocking.</exception>
    /// <exception cref="SocketException">The receive failed (for example, the connection was reset).</exception>
    public async Coro<int> SockRecv(Socket socket, Memory<byte> buffer)
    {
        CheckNonBlocking(socket);
        while (true)
        {
            var received = socket.Receive(buffer.Span, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                return received;
            }

            ThrowUnlessWouldBlock(error);
            await Registration(socket).WaitReadable();
        }
    }

    /// <summary>Sends all of <paramref name="data"/>, waiting while the socket's buffer is full (asyncio's <c>sock_sendall</c>).</summary>
    /// <exception cref="ArgumentException">The socket is blocking.</exception>
    /// <exception cref="SocketException">The send failed (for example, the peer reset the connection).</exception>
    public async Coro SockSendAll(Socket socket, ReadOnlyMemory<byte> data)
    {
        CheckNonBlocking(socket);
        while (!data.IsEmpty)
        {
            var sent = socket.Send(data.Span, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                data = data[sent..];
                continue;
            }

            ThrowUnlessWouldBlock(error);
            await Registration(socket).WaitWritable();
        }
    }

    /// <summary>Accepts a connection; the new socket is non-blocking (asyncio's <c>sock_accept</c>).</summary>
    /// <exception cref="ArgumentException">The socket is blocking.</exception>
    public async Coro<Socket> SockAccept(Socket socket)
    {
        CheckNonBlocking(socket);
        while (true)
        {
            // accept4 reports an empty queue as EAGAIN, where Socket.Accept would throw.
            var accepted = Libc.Accept((int)socket.Handle, out var errno);
            if (accepted is not null)
            {
                return accepted;
            }

            if (errno == Libc.EAGAIN)
            {
                await Registration(socket).WaitReadable();
            }
            else if (errno is not (Libc.EINTR or Libc.ECONNABORTED or Libc.EPROTO))
            {
                throw Libc.SocketError(errno);
            }
        }
    }

    /// <summary>Connects to <paramref name="endPoint"/> (asyncio's <c>sock_connect</c>).</summary>
    /// <exception cref="ArgumentException">The socket is blocking.</exception>
    /// <exception cref="SocketException">The connection failed (for example, it was refused).</exception>
    public async Coro SockConnect(Socket socket, EndPoint endPoint)
    {
        CheckNonBlocking(socket);
        try
        {
            socket.Connect(endPoint);
            return;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
        }

        await Registration(socket).WaitWritable();
        var error = (SocketError)(int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error != SocketError.Success)
        {
            throw new SocketException((int)error);
        }
    }

    private Handle AddCallback(int fd, Action callback, bool write)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        CheckThread();
        ThrowIfClosed();
        var handle = Handle.Create(this, callback);
        Reactor.SetCallback(fd, handle, write);
        return handle;
    }

    /// <summary>
    /// The registration of <paramref name="socket"/>, made (one <c>epoll_ctl</c>) the first time the
    /// socket has to wait, or again after a stream or transport over it unregistered it.
    /// </summary>
    internal FdRegistration Registration(Socket socket)
    {
        if (_socketRegistrations.TryGetValue(socket, out var registration) && !registration.Closed)
        {
            return registration;
        }

        ThrowIfClosed();
        var fd = (int)socket.Handle;
        if (Reactor.Find(fd) is { Owned: true } stale)
        {
            // Another socket object held this number and was closed without unregistering (the
            // sock_* API cannot know): the kernel dropped it, and the number now names this socket.
            // Retire the old registration; a task still waiting on the closed socket wakes and fails.
            Reactor.Unregister(stale);
        }

        registration = Reactor.Register(fd);
        registration.Owned = true;
        _socketRegistrations.AddOrUpdate(socket, registration);
        return registration;
    }

    /// <summary>
    /// Registers a raw descriptor this process owns, such as the parent's end of a subprocess pipe
    /// (one <c>epoll_ctl</c>, edge-triggered, both directions). The owner waits through the
    /// registration, as sockets do, and unregisters it before closing the descriptor.
    /// </summary>
    internal FdRegistration RegisterDescriptor(int fd)
    {
        ThrowIfClosed();
        if (Reactor.Find(fd) is { Owned: true } stale)
        {
            // A previous owner of this number closed it without unregistering: retire it.
            Reactor.Unregister(stale);
        }

        var registration = Reactor.Register(fd);
        registration.Owned = true;
        return registration;
    }

    /// <summary>How many <c>epoll_ctl</c> calls the reactor made so far (0 without a reactor).</summary>
    internal long ReactorControlCalls => _reactor?.ControlCalls ?? 0;

    /// <summary>How many times the reactor was polled (<c>epoll_wait</c> calls, 0 without a reactor).</summary>
    internal long ReactorPolls => _reactor?.Polls ?? 0;

    /// <summary>How many descriptors the reactor has registered.</summary>
    internal int RegisteredDescriptors => _reactor?.Count ?? 0;

    /// <summary>Removes <paramref name="registration"/> from epoll and wakes its waiters; call before closing its descriptor.</summary>
    internal void Unregister(FdRegistration registration) => _reactor?.Unregister(registration);

    private void CheckNonBlocking(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.Blocking)
        {
            throw new ArgumentException("The socket must be non-blocking (set Blocking = false) for the loop's socket operations, as asyncio requires.", nameof(socket));
        }

        CheckThread();
    }

    private static void ThrowUnlessWouldBlock(SocketError error)
    {
        if (error != SocketError.WouldBlock)
        {
            throw new SocketException((int)error);
        }
    }

    /// <summary>One reactor poll: blocking for the nearest timer when nothing is ready, else just a look (zero timeout).</summary>
    private void PollReactor(EpollReactor reactor)
    {
        int timeout;
        if (_ready.Count > 0 || _stopping || !_inbox.IsEmpty)
        {
            timeout = 0;
        }
        else if (_timers.Count == 0)
        {
            timeout = System.Threading.Timeout.Infinite;
        }
        else
        {
            var wait = _timers.Peek().Deadline - Now;
            if (wait <= 0)
            {
                timeout = 0;
            }
            else if (_virtualClock is not null)
            {
                _virtualClock.AdvanceTo(_timers.Peek().Deadline);
                timeout = 0;
            }
            else
            {
                var ms = Math.Ceiling(wait * 1000.0 / _ticksPerSecond);
                timeout = ms >= int.MaxValue ? int.MaxValue - 1 : (int)ms;
            }
        }

        reactor.Poll(timeout);
        _inbox.DrainInto(ref _ready);
    }
}
