using System.Net;
using System.Net.Sockets;
using CoroGen.Loop;
using CoroGen.Reactor;

namespace CoroGen;

/// <summary>
/// File-descriptor readiness and the low-level socket coroutines (asyncio's <c>add_reader</c>,
/// <c>add_writer</c>, <c>sock_recv</c>, <c>sock_sendall</c>, <c>sock_accept</c>, <c>sock_connect</c>).
/// </summary>
/// <remarks>
/// The epoll reactor is created by the first registration, so loops that never touch a
/// descriptor keep the lighter park. Sockets must be non-blocking (<c>Blocking = false</c>), as
/// asyncio requires: every operation is tried at once and waits for readiness only when the
/// kernel says it would block, so a socket with data never costs an <c>epoll_ctl</c>.
/// </remarks>
public sealed partial class EventLoop
{
    private EpollReactor? _reactor;

    private EpollReactor Reactor
    {
        get
        {
            if (_reactor is null)
            {
                _reactor = EpollReactor.Create();
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
        return _reactor?.Remove(fd, write: false) ?? false;
    }

    /// <summary>Calls <paramref name="callback"/> on the loop whenever <paramref name="fd"/> is writable, until <see cref="RemoveWriter(int)"/>; replaces a previous writer.</summary>
    /// <exception cref="PlatformNotSupportedException">The platform has no reactor yet (only Linux x86-64 has).</exception>
    public Handle AddWriter(int fd, Action callback) => AddCallback(fd, callback, write: true);

    /// <summary>Stops watching <paramref name="fd"/> for writing; false if no writer was registered.</summary>
    public bool RemoveWriter(int fd)
    {
        CheckThread();
        return _reactor?.Remove(fd, write: true) ?? false;
    }

    /// <summary>Receives up to <c>buffer.Length</c> bytes; 0 means the peer closed its side (asyncio's <c>sock_recv_into</c>).</summary>
    /// <exception cref="ArgumentException">The socket is blocking.</exception>
    /// <exception cref="SocketException">The receive failed (for example, the connection was reset).</exception>
    public async Coro<int> SockRecv(Socket socket, Memory<byte> buffer)
    {
        var fd = Descriptor(socket);
        while (true)
        {
            var received = socket.Receive(buffer.Span, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                return received;
            }

            ThrowUnlessWouldBlock(error);
            await WaitReady(fd, write: false);
        }
    }

    /// <summary>Sends all of <paramref name="data"/>, waiting while the socket's buffer is full (asyncio's <c>sock_sendall</c>).</summary>
    /// <exception cref="ArgumentException">The socket is blocking.</exception>
    /// <exception cref="SocketException">The send failed (for example, the peer reset the connection).</exception>
    public async Coro SockSendAll(Socket socket, ReadOnlyMemory<byte> data)
    {
        var fd = Descriptor(socket);
        while (!data.IsEmpty)
        {
            var sent = socket.Send(data.Span, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                data = data[sent..];
                continue;
            }

            ThrowUnlessWouldBlock(error);
            await WaitReady(fd, write: true);
        }
    }

    /// <summary>Accepts a connection; the new socket is non-blocking (asyncio's <c>sock_accept</c>).</summary>
    /// <exception cref="ArgumentException">The socket is blocking.</exception>
    public async Coro<Socket> SockAccept(Socket socket)
    {
        var fd = Descriptor(socket);
        while (true)
        {
            try
            {
                var accepted = socket.Accept();
                accepted.Blocking = false;
                return accepted;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                await WaitReady(fd, write: false);
            }
        }
    }

    /// <summary>Connects to <paramref name="endPoint"/> (asyncio's <c>sock_connect</c>).</summary>
    /// <exception cref="ArgumentException">The socket is blocking.</exception>
    /// <exception cref="SocketException">The connection failed (for example, it was refused).</exception>
    public async Coro SockConnect(Socket socket, EndPoint endPoint)
    {
        var fd = Descriptor(socket);
        try
        {
            socket.Connect(endPoint);
            return;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
        }

        await WaitReady(fd, write: true);
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
        Reactor.Set(fd, handle, write);
        return handle;
    }

    /// <summary>
    /// Waits once for <paramref name="fd"/> to be ready; cancelling the task removes the
    /// registration. The removal names its own callback, so if the socket was closed meanwhile
    /// and its number reused, a newer registration for that number survives.
    /// </summary>
    private async Coro WaitReady(int fd, bool write)
    {
        var ready = new Future<bool>(this);
        var handle = AddCallback(fd, () => ready.TrySetResult(true), write);
        try
        {
            await ready;
        }
        finally
        {
            _reactor?.Remove(fd, write, handle);
        }
    }

    private int Descriptor(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.Blocking)
        {
            throw new ArgumentException("The socket must be non-blocking (set Blocking = false) for the loop's socket operations, as asyncio requires.", nameof(socket));
        }

        CheckThread();
        return (int)socket.Handle;
    }

    private static void ThrowUnlessWouldBlock(SocketError error)
    {
        if (error != SocketError.WouldBlock)
        {
            throw new SocketException((int)error);
        }
    }

    /// <summary>One reactor poll per iteration: blocking for the nearest timer when nothing is ready, else just a look.</summary>
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

        reactor.Poll(timeout, ref _ready);
        _inbox.DrainInto(ref _ready);
    }
}
