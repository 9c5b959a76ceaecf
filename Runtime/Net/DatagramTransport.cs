using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using CoroGen.Loop;
using CoroGen.Reactor;

namespace CoroGen.Net;

/// <summary>
/// A UDP (or Unix datagram) endpoint driven by the loop (asyncio's <c>DatagramTransport</c>), made
/// by <see cref="EventLoop.CreateDatagramEndpoint{TProtocol}"/>: <see cref="SendTo(ReadOnlySpan{byte}, EndPoint?)"/>,
/// <see cref="Close"/>, <see cref="Abort"/>, <see cref="GetExtraInfo"/>.
/// </summary>
/// <remarks>
/// <para>The readiness handler of the socket's edge-triggered registration: at a read edge it
/// receives up to 64 datagrams per turn (then requeues itself) with <c>recvfrom</c>, which reports
/// EAGAIN without an exception, and hands each to <see cref="DatagramProtocol.DatagramReceived"/>
/// with a per-thread 64 KiB buffer. A send goes out at once; a send the kernel refuses with EAGAIN
/// is queued (copied) and sent at the next write edge; other send or receive errors go to
/// <see cref="DatagramProtocol.ErrorReceived"/> and the endpoint stays open, as in asyncio.</para>
/// <para>Invariants: <see cref="BaseProtocol.ConnectionLost"/> runs once, from the ready queue,
/// then the registration is removed and the socket closed; the handler wants writes exactly while
/// the queue is non-empty. No write flow control (<c>PauseWriting</c>) yet. Loop thread only.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed unsafe class DatagramTransport : IReadinessHandler
{
    private const int MaxDatagramsPerTurn = 64;

    [ThreadStatic]
    private static byte[]? t_receiveBuffer;

    private readonly EventLoop _loop;
    private readonly Socket _socket;
    private readonly FdRegistration _registration;
    private readonly DatagramProtocol _protocol;
    private readonly EndPoint? _remote;
    private readonly EndPoint _template;
    private readonly Queue<(byte[] Data, EndPoint? Address)> _queue = new();
    private int _queuedBytes;
    private bool _closing;
    private bool _lostScheduled;
    private bool _lost;

    internal DatagramTransport(EventLoop loop, Socket socket, DatagramProtocol protocol, EndPoint? remote)
    {
        _loop = loop;
        _socket = socket;
        _protocol = protocol;
        _remote = remote;
        _template = socket.LocalEndPoint ?? remote ?? new IPEndPoint(IPAddress.Any, 0);
        _registration = loop.Registration(socket);
        _registration.SetHandler(this);
    }

    /// <summary>The protocol this endpoint feeds.</summary>
    public DatagramProtocol Protocol => _protocol;

    /// <summary>True once <see cref="Close"/> or <see cref="Abort"/> was called (asyncio's <c>is_closing()</c>).</summary>
    public bool IsClosing => _closing;

    /// <summary>How many bytes of queued datagrams wait for the socket (asyncio's <c>get_write_buffer_size()</c>).</summary>
    public int GetWriteBufferSize() => _queuedBytes;

    /// <summary>
    /// Sends one datagram to <paramref name="address"/>, or to the connected peer when it is
    /// <see langword="null"/> (asyncio's <c>sendto</c>). Never blocks: a datagram the kernel cannot
    /// take now is queued. Errors go to <see cref="DatagramProtocol.ErrorReceived"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No address, and the endpoint is not connected; or an address other than the connected peer's.</exception>
    public void SendTo(ReadOnlySpan<byte> data, EndPoint? address = null)
    {
        if (address is null && _remote is null)
        {
            throw new ArgumentException("This endpoint is not connected: give the address to send to (or pass remoteAddress to CreateDatagramEndpoint).", nameof(address));
        }

        if (address is not null && _remote is not null && !address.Equals(_remote))
        {
            throw new ArgumentException($"This endpoint is connected to {_remote}: it can only send there (asyncio raises the same way).", nameof(address));
        }

        if (_closing || _lost)
        {
            return;
        }

        if (_queue.Count == 0)
        {
            var error = TrySend(data, address);
            if (error == SocketError.Success)
            {
                return;
            }

            if (error != SocketError.WouldBlock)
            {
                ReportError(new SocketException((int)error));
                return;
            }

            _registration.WriteReady = false;
        }

        _queue.Enqueue((data.ToArray(), address));
        _queuedBytes += data.Length;
        UpdateInterest();
    }

    /// <inheritdoc cref="SendTo(ReadOnlySpan{byte}, EndPoint?)"/>
    public void SendTo(byte[] data, EndPoint? address = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        SendTo(data.AsSpan(), address);
    }

    /// <summary>Closes the endpoint once queued datagrams are sent (asyncio's <c>close</c>); <see cref="BaseProtocol.ConnectionLost"/> follows with <see langword="null"/>. Idempotent.</summary>
    public void Close()
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        UpdateInterest();
        if (_queue.Count == 0)
        {
            ScheduleConnectionLost(null);
        }
    }

    /// <summary>Closes at once, dropping queued datagrams (asyncio's <c>abort</c>).</summary>
    public void Abort()
    {
        _queue.Clear();
        _queuedBytes = 0;
        _closing = true;
        UpdateInterest();
        ScheduleConnectionLost(null);
    }

    /// <summary>
    /// Information about the endpoint (asyncio's <c>get_extra_info</c>): <c>"sockname"</c>, <c>"peername"</c>
    /// (connected endpoints only) and <c>"socket"</c>; otherwise, or once closed, <paramref name="defaultValue"/>.
    /// </summary>
    public object? GetExtraInfo(string name, object? defaultValue = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_lost)
        {
            return defaultValue;
        }

        return name switch
        {
            "sockname" => _socket.LocalEndPoint ?? defaultValue,
            "peername" => _remote ?? defaultValue,
            "socket" => _socket,
            _ => defaultValue,
        };
    }

    /// <inheritdoc />
    public override string ToString() => $"<DatagramTransport fd={_registration.Fd}{(_lost ? " closed" : _closing ? " closing" : "")} queued={_queue.Count}>";

    /// <summary>Calls <c>ConnectionMade</c> and starts receiving.</summary>
    internal void Start()
    {
        try
        {
            _protocol.ConnectionMade(this);
        }
        catch (Exception e)
        {
            _loop.CallExceptionHandler(new ExceptionContext("Exception in protocol.ConnectionMade()") { Exception = e });
            Abort();
            return;
        }

        UpdateInterest();
    }

    void IReadinessHandler.OnReady(FdRegistration registration)
    {
        if (registration.WriteReady && _queue.Count > 0)
        {
            Flush();
        }

        if (registration.ReadReady && !_closing)
        {
            Receive();
        }
    }

    private void UpdateInterest() => _registration.SetHandlerInterest(read: !_closing, write: _queue.Count > 0 && !_lost);

    private void Receive()
    {
        var buffer = t_receiveBuffer ??= new byte[64 * 1024];
        var address = stackalloc byte[128];
        for (var i = 0; i < MaxDatagramsPerTurn; i++)
        {
            uint length = 128;
            nint received;
            fixed (byte* data = buffer)
            {
                received = Libc.recvfrom(_registration.Fd, data, buffer.Length, 0, address, &length);
            }

            if (received < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EAGAIN)
                {
                    _registration.ReadReady = false;
                    return;
                }

                if (errno == Libc.EINTR)
                {
                    continue;
                }

                // For example ECONNREFUSED from an ICMP port unreachable on a connected endpoint.
                ReportError(Libc.SocketError(errno));
                if (_closing)
                {
                    return;
                }

                continue;
            }

            EndPoint from;
            if (length >= 2 && length <= 128)
            {
                var socketAddress = new SocketAddress(_template.AddressFamily, (int)length);
                new ReadOnlySpan<byte>(address, (int)length).CopyTo(socketAddress.Buffer.Span);
                from = _remote ?? _template.Create(socketAddress);
            }
            else
            {
                from = _remote ?? _template;
            }

            try
            {
                _protocol.DatagramReceived(buffer.AsSpan(0, (int)received), from);
            }
            catch (Exception e)
            {
                _loop.CallExceptionHandler(new ExceptionContext("Fatal error: protocol.DatagramReceived() call failed.") { Exception = e });
                Abort();
                return;
            }

            if (_closing)
            {
                return;
            }
        }

        // More may be waiting: go on after the other ready work.
        _registration.ScheduleHandler();
    }

    private void Flush()
    {
        while (_queue.TryPeek(out var item))
        {
            var error = TrySend(item.Data, item.Address);
            if (error == SocketError.WouldBlock)
            {
                _registration.WriteReady = false;
                return;
            }

            _queue.Dequeue();
            _queuedBytes -= item.Data.Length;
            if (error != SocketError.Success)
            {
                ReportError(new SocketException((int)error));
            }
        }

        UpdateInterest();
        if (_closing)
        {
            ScheduleConnectionLost(null);
        }
    }

    private SocketError TrySend(ReadOnlySpan<byte> data, EndPoint? address)
    {
        if (address is null)
        {
            _socket.Send(data, SocketFlags.None, out var error);
            return error;
        }

        try
        {
            _socket.SendTo(data, SocketFlags.None, address);
            return SocketError.Success;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }

    private void ReportError(Exception error)
    {
        try
        {
            _protocol.ErrorReceived(error);
        }
        catch (Exception e)
        {
            _loop.CallExceptionHandler(new ExceptionContext("protocol.ErrorReceived() failed") { Exception = e });
        }
    }

    private void ScheduleConnectionLost(Exception? error)
    {
        if (_lostScheduled)
        {
            return;
        }

        _lostScheduled = true;
        _loop.CallSoon(CallConnectionLost, error);
    }

    private void CallConnectionLost(Exception? error)
    {
        _lost = true;
        _loop.Unregister(_registration);
        try
        {
            _protocol.ConnectionLost(error);
        }
        catch (Exception e)
        {
            _loop.CallExceptionHandler(new ExceptionContext("protocol.ConnectionLost() failed") { Exception = e });
        }
        finally
        {
            _socket.Dispose();
        }
    }
}
