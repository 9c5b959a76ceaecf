using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using CoroGen.Reactor;

namespace CoroGen.Net;

/// <summary>
/// Writes to a connected, non-blocking socket with a send buffer and flow control (asyncio's
/// <c>StreamWriter</c>): <see cref="Write(ReadOnlySpan{byte})"/> then <see cref="AsyncBufferedWriter.Drain"/>.
/// Made by <see cref="Streams.OpenConnection"/>, <see cref="Streams.StartServer"/> or
/// <see cref="Streams.FromSocket"/>, never directly (as in asyncio).
/// </summary>
/// <remarks>
/// <para><b>No transport underneath.</b> asyncio's writer is a thin façade over a transport (and
/// its reader is fed by a <c>StreamReaderProtocol</c>). CoroGen's streams sit directly on the
/// socket's registration instead of on a <see cref="Transport"/>: the reader pulls, so reads into
/// caller memory (<see cref="AsyncBufferedReader.ReadInto"/>, <see cref="AsyncBufferedReader.ReadExactly(Memory{byte})"/>)
/// skip the copy through a protocol buffer that a push transport would force. This class is
/// therefore the write half of a transport: it owns the socket and its send buffer. There is no
/// <c>Transport</c> property; <see cref="GetExtraInfo"/> answers the transport's questions.</para>
/// <para><b>How bytes leave.</b> <see cref="Write(ReadOnlySpan{byte})"/> sends at once without
/// blocking; what the kernel does not take is appended to the send buffer, and the writer, as the
/// readiness handler of the socket's registration, sends the buffer at each write edge until it
/// is empty, whether or not anyone calls <see cref="AsyncBufferedWriter.Drain"/> (as asyncio's transport does).</para>
/// <para><b>Flow control</b> (asyncio's <c>pause_writing</c>/<c>resume_writing</c>): a write that
/// leaves more than the high-water mark buffered pauses the writer; the flush that brings the
/// buffer down to the low-water mark resumes it. <see cref="AsyncBufferedWriter.Drain"/> waits only while paused, so it
/// returns without suspending otherwise, and a loop of writes and drains never buffers more than
/// the high-water mark plus one write.</para>
/// <para>Lifecycle: <see cref="State"/> goes Open → Closing (after <see cref="Close"/>, while the
/// buffer flushes) → Closed (socket closed; also reached at once on a send error). Invariants: a
/// writer callback is registered exactly while the buffer is non-empty and the state is not
/// Closed. Loop thread only.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed partial class AsyncStreamWriter : AsyncBufferedWriter, IReadinessHandler
{
    private readonly EventLoop _loop;
    private readonly Socket _socket;
    private readonly AsyncStreamReader? _reader;
    private readonly FdRegistration _registration;
    private SendBuffer _send = new();
    private bool _eofRequested;
    private bool _eofSent;
    private TlsChannel? _tls;
    private bool _upgrading;

    internal AsyncStreamWriter(EventLoop loop, Socket socket, FdRegistration registration, AsyncStreamReader? reader)
        : base("writer")
    {
        _loop = loop;
        _socket = socket;
        _registration = registration;
        _reader = reader;
        registration.SetHandler(this);
    }

    /// <summary>Where the writer is in its life.</summary>
    public StreamWriterState State { get; private set; }

    /// <summary>True once <see cref="Close"/> was called or the connection failed (asyncio's <c>is_closing()</c>).</summary>
    public bool IsClosing => State != StreamWriterState.Open;

    /// <summary>True for a plain socket, which can half-close; false over TLS (asyncio's <c>can_write_eof()</c>).</summary>
    public bool CanWriteEof => _tls is null;

    /// <summary>True once the connection runs TLS (opened with TLS options, or after <see cref="StartTls(SslClientAuthenticationOptions, string?, TimeSpan?)"/>).</summary>
    public bool IsTls => _tls is not null;

    /// <summary>How many bytes wait in the send buffer (asyncio's <c>transport.get_write_buffer_size()</c>); over TLS, plaintext not yet encrypted and sent.</summary>
    public override int WriteBufferSize => _tls is null ? _send.Count : _tls.BufferedCount;

    /// <summary>Writes <paramref name="data"/>: sends what the socket takes now and buffers the rest (asyncio's <c>write</c>). Follow with <see cref="AsyncBufferedWriter.Drain"/>.</summary>
    /// <remarks>After a connection error the data is dropped silently, as asyncio does; <see cref="AsyncBufferedWriter.Drain"/> raises the error.</remarks>
    /// <exception cref="InvalidOperationException">Called after <see cref="WriteEof"/> or <see cref="Close"/>.</exception>
    public override void Write(ReadOnlySpan<byte> data)
    {
        if (_eofRequested)
        {
            throw new InvalidOperationException("Cannot call Write() after WriteEof(): the sending side is shut down; write everything before calling WriteEof().");
        }

        if (Error is not null)
        {
            return;
        }

        if (State != StreamWriterState.Open)
        {
            throw new InvalidOperationException("Cannot call Write() after Close(): the connection is closing; write everything before calling Close(), or open a new connection.");
        }

        if (data.IsEmpty)
        {
            return;
        }

        if (_tls is not null || _upgrading)
        {
            WriteTls(data);
            return;
        }

        if (WriteBufferSize == 0)
        {
            var socketError = SocketSend.SendNow(_socket, ref data);
            if (socketError == SocketError.Success)
            {
                return;
            }

            if (socketError != SocketError.WouldBlock)
            {
                Fail(new SocketException((int)socketError));
                return;
            }

            // The kernel took part or nothing: its buffer is full, the next write edge says when it is not.
            _registration.WriteReady = false;
            _send.Append(data);
            _registration.SetHandlerInterest(read: false, write: true);
        }
        else
        {
            _send.Append(data);
        }

        PauseIfAbove();
    }

    /// <summary>Half-closes the connection: shuts down the sending side once the buffer is flushed (asyncio's <c>write_eof</c>). The reader still works.</summary>
    /// <exception cref="NotSupportedException">The connection runs TLS, which has no half-close (asyncio raises NotImplementedError).</exception>
    public void WriteEof()
    {
        if (_tls is not null)
        {
            throw new NotSupportedException("WriteEof() is not supported over TLS: TLS cannot half-close a connection (asyncio raises NotImplementedError too). Check CanWriteEof, or Close() the writer when done.");
        }

        if (_eofRequested || State != StreamWriterState.Open)
        {
            return;
        }

        _eofRequested = true;
        if (WriteBufferSize == 0)
        {
            ShutdownSend();
        }
    }

    /// <summary>
    /// Closes the connection (asyncio's <c>close</c>): buffered data is still sent, then the socket is
    /// closed; a read waiting on the reader wakes and sees EOF. Idempotent. Await <see cref="AsyncBufferedWriter.WaitClosed"/> to know when it is done.
    /// </summary>
    public void Close()
    {
        if (State != StreamWriterState.Open)
        {
            return;
        }

        State = StreamWriterState.Closing;
        if (_tls is not null)
        {
            // Flush, send close_notify, then OnTlsClosed finishes.
            _tls.Close();
        }
        else if (WriteBufferSize == 0)
        {
            Finish();
        }
    }

    /// <summary>
    /// Information about the connection (asyncio's <c>get_extra_info</c>): <c>"peername"</c> and
    /// <c>"sockname"</c> (<see cref="System.Net.EndPoint"/>s), <c>"socket"</c> (the <see cref="Socket"/>);
    /// over TLS also <c>"ssl_object"</c> (the <see cref="SslStream"/>), <c>"peercert"</c> (the
    /// peer's certificate, or <see langword="null"/>), <c>"cipher"</c> (a (cipher suite name,
    /// <see cref="System.Security.Authentication.SslProtocols"/>) tuple) and <c>"sslcontext"</c> (the
    /// authentication options); otherwise, or once closed, <paramref name="defaultValue"/>.
    /// </summary>
    public object? GetExtraInfo(string name, object? defaultValue = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (State == StreamWriterState.Closed)
        {
            return defaultValue;
        }

        if (_tls is not null)
        {
            var value = _tls.GetExtraInfo(name, out var found);
            if (found)
            {
                return value;
            }
        }

        return name switch
        {
            "peername" => _socket.RemoteEndPoint ?? defaultValue,
            "sockname" => _socket.LocalEndPoint ?? defaultValue,
            "socket" => _socket,
            _ => defaultValue,
        };
    }

    /// <inheritdoc />
    private protected override bool IsFinished => State == StreamWriterState.Closed;

    /// <inheritdoc />
    public override string ToString() => $"<AsyncStreamWriter {State.ToString().ToLowerInvariant()} buffered={WriteBufferSize}{(Paused ? " paused" : "")}{(_eofSent ? " eof" : "")}{(Error is null ? "" : " failed")}>";

    /// <inheritdoc />
    void IReadinessHandler.OnReady(FdRegistration registration)
    {
        if (registration.WriteReady && WriteBufferSize > 0 && State != StreamWriterState.Closed)
        {
            Flush();
        }
    }

    /// <summary>At a write edge: sends as much of the buffer as the socket takes.</summary>
    private void Flush()
    {
        var socketError = SocketSend.Flush(_socket, ref _send);
        if (socketError == SocketError.WouldBlock)
        {
            _registration.WriteReady = false;
        }
        else if (socketError != SocketError.Success)
        {
            Fail(new SocketException((int)socketError));
            return;
        }

        if (WriteBufferSize == 0)
        {
            _send.Clear();
            _registration.SetHandlerInterest(read: false, write: false);
            if (State == StreamWriterState.Closing)
            {
                Finish();
                return;
            }

            if (_eofRequested)
            {
                ShutdownSend();
            }
        }

        MaybeResume();
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
            Fail(e);
        }
    }

    /// <summary>A send failed: drop the buffer, close the connection, and keep the error for <see cref="AsyncBufferedWriter.Drain"/>.</summary>
    private void Fail(Exception error)
    {
        SetError(error);
        _send.Clear();
        Finish();
    }

    /// <summary>Closes the socket, removing its registration first (the number may be reused at once); a waiting read wakes and sees EOF or the error.</summary>
    private void Finish()
    {
        if (State == StreamWriterState.Closed)
        {
            return;
        }

        State = StreamWriterState.Closed;
        _reader?.Abort(Error);
        _tls?.Abort(Error);
        _loop.Unregister(_registration);
        _socket.Dispose();
        OnFinished();
    }
}
