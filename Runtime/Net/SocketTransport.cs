using System.Diagnostics;
using System.Net.Sockets;
using CoroGen.Loop;
using CoroGen.Reactor;

namespace CoroGen.Net;

/// <summary>
/// The stream <see cref="Transport"/> over a connected, non-blocking socket (asyncio's
/// <c>_SelectorSocketTransport</c>), TCP or Unix. It has no task: it is the readiness handler of
/// the socket's edge-triggered registration and runs from the ready queue.
/// </summary>
/// <remarks>
/// <para><b>Reading.</b> At a read edge it receives once per turn: into a per-thread 64 KiB buffer
/// for a <see cref="Protocol"/> (so idle connections hold no receive memory), or straight into the
/// memory of a <see cref="BufferedProtocol"/>. A full buffer means more may be waiting, so it
/// requeues itself behind the other ready work (fairness, as asyncio's one read per callback); a
/// short read proves the socket drained unless the peer already hung up; EAGAIN clears the flag.
/// Receive 0 is EOF: <see cref="Protocol.EofReceived"/>, then close unless it returned true.</para>
/// <para><b>Writing.</b> A write with an empty buffer goes straight to the kernel; the rest is
/// buffered and flushed at write edges. Flow control calls the protocol's
/// <see cref="BaseProtocol.PauseWriting"/> when the buffer goes strictly above the high mark and
/// <see cref="BaseProtocol.ResumeWriting"/> when it is back at or below the low mark.</para>
/// <para>Lifecycle and invariants: <c>_closing</c> is set by <see cref="Close"/>, <see cref="Abort"/>
/// or a fatal error, and then nothing is read; <see cref="BaseProtocol.ConnectionLost"/> runs once
/// (<c>_lost</c>), from the ready queue, after which the registration is removed from epoll and the
/// socket closed (in that order: the number may be reused at once). The registration's handler
/// wants reads exactly while reading and not closing or at EOF, and writes exactly while the
/// buffer is non-empty. Loop thread only.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed class SocketTransport : StreamTransport, IReadinessHandler
{
    private const int ReceiveBufferSize = 64 * 1024;

    [ThreadStatic]
    private static byte[]? t_receiveBuffer;

    private readonly Socket _socket;
    private readonly FdRegistration _registration;
    private SendBuffer _send = new();
    private bool _eofReceived;
    private bool _eofRequested;
    private bool _eofSent;

    internal SocketTransport(EventLoop loop, Socket socket, BaseProtocol protocol, Server? server)
        : base(loop, protocol, server, $" (a {nameof(DatagramProtocol)} goes to CreateDatagramEndpoint)")
    {
        _socket = socket;
        _registration = loop.Registration(socket);
        _registration.SetHandler(this);
    }

    /// <inheritdoc />
    public override bool CanWriteEof => true;

    /// <summary>Calls the protocol's <c>ConnectionMade</c> and starts reading; the loop calls this once, right after construction.</summary>
    internal void Start()
    {
        if (!CallConnectionMade())
        {
            return;
        }

        UpdateInterest();
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> data)
    {
        if (_eofRequested)
        {
            throw new InvalidOperationException("Cannot call Write() after WriteEof(): the sending side is shut down; write everything before calling WriteEof().");
        }

        if (_lost || _lostScheduled || data.IsEmpty)
        {
            // asyncio drops writes after the connection is lost (it logs a warning after a few).
            return;
        }

        if (WriteBufferSize == 0)
        {
            var error = SocketSend.SendNow(_socket, ref data);
            if (error == SocketError.Success)
            {
                return;
            }

            if (error != SocketError.WouldBlock)
            {
                FatalError(new SocketException((int)error), null);
                return;
            }

            _registration.WriteReady = false;
            _send.Append(data);
            UpdateInterest();
        }
        else
        {
            _send.Append(data);
        }

        MaybePauseProtocol(WriteBufferSize);
    }

    /// <inheritdoc />
    public override void WriteEof()
    {
        if (_closing || _eofRequested)
        {
            return;
        }

        _eofRequested = true;
        if (WriteBufferSize == 0)
        {
            ShutdownSend();
        }
    }

    /// <inheritdoc />
    public override void Close()
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        UpdateInterest();
        if (WriteBufferSize == 0)
        {
            ScheduleConnectionLost(null);
        }
    }

    /// <inheritdoc />
    public override void Abort() => ForceClose(null);

    /// <inheritdoc />
    public override void PauseReading()
    {
        if (_closing || _readingPaused)
        {
            return;
        }

        _readingPaused = true;
        UpdateInterest();
    }

    /// <inheritdoc />
    public override void ResumeReading()
    {
        if (_closing || !_readingPaused)
        {
            return;
        }

        _readingPaused = false;
        UpdateInterest();
    }

    /// <inheritdoc />
    public override int GetWriteBufferSize() => WriteBufferSize;

    /// <inheritdoc />
    public override object? GetExtraInfo(string name, object? defaultValue = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_lost)
        {
            return defaultValue;
        }

        return name switch
        {
            "peername" => _socket.RemoteEndPoint ?? defaultValue,
            "sockname" => _socket.LocalEndPoint ?? defaultValue,
            "socket" => _socket,
            _ => defaultValue,
        };
    }

    /// <summary>
    /// STARTTLS: hands the socket and its registration over to a TLS transport. This transport is
    /// done afterwards (closing, lost, its protocol hears nothing more) but the socket stays open.
    /// </summary>
    /// <exception cref="InvalidOperationException">The transport is closing, half-closed, or still has buffered data.</exception>
    internal (System.Net.Sockets.Socket Socket, FdRegistration Registration, Server? Server) DetachForTls()
    {
        if (_closing || _lostScheduled || _lost || _eofRequested)
        {
            throw new InvalidOperationException("Cannot start TLS on a transport that is closing or half-closed: call StartTls() before Close() or WriteEof().");
        }

        if (WriteBufferSize > 0)
        {
            throw new InvalidOperationException($"Cannot start TLS while {WriteBufferSize} bytes wait in the transport's write buffer: wait until GetWriteBufferSize() is 0 (after ResumeWriting, or with SetWriteBufferLimits(0) and ResumeWriting) before StartTls().");
        }

        _closing = true;
        _lostScheduled = true;
        _lost = true;
        _registration.ClearHandler();
        var server = _server;
        _server = null;
        return (_socket, _registration, server);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"<SocketTransport fd={_registration.Fd}{(_lost ? " closed" : _closing ? " closing" : "")}{(_readingPaused ? " paused-reading" : "")} buffered={WriteBufferSize}{(WritingPaused ? " paused-writing" : "")}>";

    private int WriteBufferSize => _send.Count;

    void IReadinessHandler.OnReady(FdRegistration registration)
    {
        if (registration.WriteReady && WriteBufferSize > 0)
        {
            Flush();
        }

        if (registration.ReadReady && WantsRead)
        {
            ReadOnce();
        }
    }

    private bool WantsRead => !_closing && !_readingPaused && !_eofReceived;

    private void UpdateInterest() => _registration.SetHandlerInterest(read: WantsRead, write: WriteBufferSize > 0 && !_lost);

    private void ReadOnce()
    {
        Memory<byte> memory;
        Span<byte> target;
        if (_streamProtocol is not null)
        {
            var buffer = t_receiveBuffer ??= new byte[ReceiveBufferSize];
            memory = buffer;
            target = buffer;
        }
        else
        {
            try
            {
                memory = _bufferedProtocol!.GetBuffer(-1);
                if (memory.IsEmpty)
                {
                    throw new InvalidOperationException("BufferedProtocol.GetBuffer() returned an empty buffer: return at least one byte of memory to receive into.");
                }
            }
            catch (Exception e)
            {
                FatalError(e, "Fatal error: protocol.GetBuffer() call failed.");
                return;
            }

            target = memory.Span;
        }

        var received = _socket.Receive(target, SocketFlags.None, out var error);
        if (error == SocketError.WouldBlock)
        {
            _registration.ReadReady = false;
            return;
        }

        if (error != SocketError.Success)
        {
            FatalError(new SocketException((int)error), null);
            return;
        }

        if (received == 0)
        {
            OnEof();
            return;
        }

        if (received < target.Length)
        {
            _registration.OnShortRead();
        }

        if (_registration.ReadReady)
        {
            // A full buffer, or the peer hung up: more (or the EOF) is waiting, and no new edge
            // will say so. Read again after the rest of the ready work.
            _registration.ScheduleHandler();
        }

        try
        {
            if (_streamProtocol is not null)
            {
                _streamProtocol.DataReceived(target[..received]);
            }
            else
            {
                _bufferedProtocol!.BufferUpdated(received);
            }
        }
        catch (Exception e)
        {
            FatalError(e, _streamProtocol is not null ? "Fatal error: protocol.DataReceived() call failed." : "Fatal error: protocol.BufferUpdated() call failed.");
        }
    }

    private void OnEof()
    {
        _eofReceived = true;
        UpdateInterest();
        bool keepOpen;
        try
        {
            keepOpen = _streamProtocol?.EofReceived() ?? _bufferedProtocol!.EofReceived();
        }
        catch (Exception e)
        {
            FatalError(e, "Fatal error: protocol.EofReceived() call failed.");
            return;
        }

        if (!keepOpen)
        {
            Close();
        }
    }

    private void Flush()
    {
        var error = SocketSend.Flush(_socket, ref _send);
        if (error == SocketError.WouldBlock)
        {
            _registration.WriteReady = false;
        }
        else if (error != SocketError.Success)
        {
            FatalError(new SocketException((int)error), null);
            return;
        }

        MaybeResumeProtocol(WriteBufferSize);
        if (WriteBufferSize == 0)
        {
            _send.Clear();
            UpdateInterest();
            if (_closing)
            {
                ScheduleConnectionLost(null);
            }
            else if (_eofRequested)
            {
                ShutdownSend();
            }
        }
    }


    private void ShutdownSend()
    {
        if (_eofSent)
        {
            return;
        }

        _eofSent = true;
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException e)
        {
            FatalError(e, null);
        }
    }

    /// <summary>
    /// asyncio's <c>_fatal_error</c>: a socket error ends the connection quietly (the protocol hears
    /// it in <c>ConnectionLost</c>); anything else also goes to the loop's exception handler.
    /// </summary>
    private protected override void FatalError(Exception error, string? message)
    {
        if (error is not SocketException)
        {
            _loop.CallExceptionHandler(new ExceptionContext(message ?? "Fatal error on transport") { Exception = error });
        }

        ForceClose(error);
    }

    private void ForceClose(Exception? error)
    {
        if (_lostScheduled || _lost)
        {
            return;
        }

        _send.Clear();
        _closing = true;
        UpdateInterest();
        ScheduleConnectionLost(error);
    }

    /// <inheritdoc />
    private protected override void Unregister()
    {
        _send.Clear();
        _loop.Unregister(_registration);
    }

    /// <inheritdoc />
    private protected override void DisposeSocket() => _socket.Dispose();
}
