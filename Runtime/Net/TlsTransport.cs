using System.Diagnostics;
using CoroGen.Loop;

namespace CoroGen.Net;

/// <summary>
/// The stream <see cref="Transport"/> over TLS (asyncio's <c>_SSLProtocolTransport</c>): plaintext
/// goes to the protocol's <see cref="Protocol.DataReceived"/> (or <see cref="BufferedProtocol"/>),
/// and <see cref="Write(ReadOnlySpan{byte})"/> encrypts through a <see cref="TlsChannel"/>.
/// </summary>
/// <remarks>
/// <para><b>Reading.</b> One decrypting read is pending at a time, into this transport's own
/// 16 KiB buffer (a pending read keeps its destination, so the per-thread buffer of
/// <see cref="SocketTransport"/> cannot be used). Reads that complete at once are delivered in a
/// loop, at most <c>MaxReadsPerTurn</c> per turn, then the transport yields to other ready work.
/// A read that completes after <see cref="PauseReading"/> is kept and delivered on
/// <see cref="ResumeReading"/>. EOF calls <see cref="Protocol.EofReceived"/>, then closes: TLS cannot
/// stay half-open (asyncio ignores a true return there too).</para>
/// <para><b>Writing</b> and flow control: the channel's plaintext buffer, with asyncio's marks.
/// <see cref="WriteEof"/> raises <see cref="NotSupportedException"/>, as asyncio's SSL transport raises NotImplementedError.</para>
/// <para>Lifecycle: <c>_closing</c> then <c>_lost</c>, as <see cref="SocketTransport"/>;
/// <see cref="Close"/> flushes, sends close_notify, then <see cref="BaseProtocol.ConnectionLost"/>
/// (null). Loop thread only.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed class TlsTransport : StreamTransport, ITlsChannelOwner
{
    private const int ReadBufferSize = 16 * 1024;
    private const int MaxReadsPerTurn = 16;

    private readonly TlsChannel _channel;
    private readonly byte[] _readBuffer = new byte[ReadBufferSize];
    private readonly Action _readMore;
    private bool _eofReceived;
    private bool _readScheduled;

    internal TlsTransport(EventLoop loop, TlsChannel channel, BaseProtocol protocol, Server? server)
        : base(loop, protocol, server, "")
    {
        _channel = channel;
        _readMore = ReadMore;
        channel.Owner = this;
    }

    /// <inheritdoc />
    public override bool CanWriteEof => false;

    /// <summary>Calls the protocol's <c>ConnectionMade</c> and starts reading; called once, after the handshake.</summary>
    internal void Start(bool callConnectionMade = true)
    {
        if (callConnectionMade && !CallConnectionMade())
        {
            return;
        }

        ReadMore();
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> data)
    {
        if (_lost || _lostScheduled || data.IsEmpty)
        {
            return;
        }

        if (_closing)
        {
            // asyncio drops writes on a closing transport.
            return;
        }

        _channel.Write(data);
        MaybePauseProtocol(_channel.BufferedCount);
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always: TLS cannot half-close.</exception>
    public override void WriteEof() =>
        throw new NotSupportedException("WriteEof() is not supported over TLS: TLS cannot half-close a connection (asyncio raises NotImplementedError too). Check CanWriteEof, or Close() the transport when done.");

    /// <inheritdoc />
    public override void Close()
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        _channel.Close();
    }

    /// <inheritdoc />
    public override void Abort() => ForceClose(null);

    /// <inheritdoc />
    public override void PauseReading()
    {
        if (!_closing)
        {
            _readingPaused = true;
        }
    }

    /// <inheritdoc />
    public override void ResumeReading()
    {
        if (_closing || !_readingPaused)
        {
            return;
        }

        _readingPaused = false;
        ScheduleRead();
    }

    /// <inheritdoc />
    public override int GetWriteBufferSize() => _channel.BufferedCount;

    /// <inheritdoc />
    public override object? GetExtraInfo(string name, object? defaultValue = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_lost)
        {
            return defaultValue;
        }

        var value = _channel.GetExtraInfo(name, out var found);
        if (found)
        {
            return value;
        }

        var socket = _channel.Socket;
        return name switch
        {
            "peername" => socket.RemoteEndPoint ?? defaultValue,
            "sockname" => socket.LocalEndPoint ?? defaultValue,
            "socket" => socket,
            _ => defaultValue,
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"<TlsTransport fd={_channel.Registration.Fd}{(_lost ? " closed" : _closing ? " closing" : "")}{(_readingPaused ? " paused-reading" : "")} buffered={_channel.BufferedCount}{(WritingPaused ? " paused-writing" : "")}>";

    /// <inheritdoc />
    void ITlsChannelOwner.OnTlsReadCompleted()
    {
        if (!_readingPaused && !_closing)
        {
            ReadMore();
        }
    }

    /// <inheritdoc />
    void ITlsChannelOwner.OnTlsWritten() => MaybeResumeProtocol(_channel.BufferedCount);

    /// <inheritdoc />
    void ITlsChannelOwner.OnTlsWriteFailed(Exception error) => FatalError(error, null);

    /// <inheritdoc />
    void ITlsChannelOwner.OnTlsClosed() => ScheduleConnectionLost(null);

    private void ScheduleRead()
    {
        if (!_readScheduled)
        {
            _readScheduled = true;
            _loop.CallSoon(_readMore);
        }
    }

    /// <summary>Delivers finished reads and starts the next, until one is pending, reading pauses, or the turn's quota is used.</summary>
    private void ReadMore()
    {
        _readScheduled = false;
        for (var i = 0; i < MaxReadsPerTurn; i++)
        {
            if (_closing || _readingPaused || _eofReceived)
            {
                return;
            }

            if (!_channel.ReadBusy)
            {
                _channel.StartRead(_readBuffer);
            }

            if (!_channel.ReadHasResult)
            {
                return;
            }

            Deliver();
        }

        ScheduleRead();
    }

    private void Deliver()
    {
        int received;
        try
        {
            received = _channel.TakeReadResult();
        }
        catch (Exception e)
        {
            FatalError(e, null);
            return;
        }

        if (received == 0)
        {
            OnEof();
            return;
        }

        try
        {
            if (_streamProtocol is not null)
            {
                _streamProtocol.DataReceived(_readBuffer.AsSpan(0, received));
            }
            else
            {
                var data = _readBuffer.AsSpan(0, received);
                while (!data.IsEmpty)
                {
                    var memory = _bufferedProtocol!.GetBuffer(data.Length);
                    if (memory.IsEmpty)
                    {
                        throw new InvalidOperationException("BufferedProtocol.GetBuffer() returned an empty buffer: return at least one byte of memory to receive into.");
                    }

                    var count = Math.Min(memory.Length, data.Length);
                    data[..count].CopyTo(memory.Span);
                    data = data[count..];
                    _bufferedProtocol.BufferUpdated(count);
                }
            }
        }
        catch (Exception e)
        {
            FatalError(e, "Fatal error: protocol.DataReceived() call failed.");
        }
    }

    private void OnEof()
    {
        _eofReceived = true;
        try
        {
            // asyncio: "returning true from eof_received() has no effect when using ssl".
            _ = _streamProtocol?.EofReceived() ?? _bufferedProtocol!.EofReceived();
        }
        catch (Exception e)
        {
            FatalError(e, "Fatal error: protocol.EofReceived() call failed.");
            return;
        }

        Close();
    }

    /// <summary>asyncio's <c>_fatal_error</c>: I/O errors end the connection quietly; anything else also goes to the exception handler.</summary>
    private protected override void FatalError(Exception error, string? message)
    {
        if (error is not (IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException))
        {
            _loop.CallExceptionHandler(new ExceptionContext(message ?? "Fatal error on TLS transport") { Exception = error });
        }

        ForceClose(error);
    }

    private void ForceClose(Exception? error)
    {
        if (_lostScheduled || _lost)
        {
            return;
        }

        _closing = true;
        _channel.Abort(error);
        ScheduleConnectionLost(error);
    }

    /// <inheritdoc />
    private protected override void Unregister()
    {
        _channel.Abort();
        _loop.Unregister(_channel.Registration);
    }

    /// <inheritdoc />
    private protected override void DisposeSocket() => _channel.Socket.Dispose();
}
