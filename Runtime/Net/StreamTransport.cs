using CoroGen.Loop;

namespace CoroGen.Net;

/// <summary>
/// What the two stream transports share, <see cref="SocketTransport"/> (plain) and
/// <see cref="TlsTransport"/>: the protocol (a <see cref="Net.Protocol"/> or a <see cref="BufferedProtocol"/>)
/// and its <c>ConnectionMade</c>, the closing and lost states, asyncio's write flow control
/// (<see cref="BaseProtocol.PauseWriting"/>/<see cref="BaseProtocol.ResumeWriting"/> around the
/// water marks), and the single, deferred <see cref="BaseProtocol.ConnectionLost"/>.
/// </summary>
/// <remarks>
/// Lifecycle: <c>_closing</c> is set by a close, an abort or a fatal error, and then nothing is
/// read; <see cref="BaseProtocol.ConnectionLost"/> runs once (<c>_lost</c>), from the ready queue
/// (<see cref="ScheduleConnectionLost"/>), after <see cref="Unregister"/> and before
/// <see cref="DisposeSocket"/> (in that order: the number may be reused at once). Loop thread only.
/// </remarks>
internal abstract class StreamTransport : Transport
{
    /// <summary>The loop the transport runs on.</summary>
    private protected readonly EventLoop _loop;

    /// <summary>The protocol fed by this transport.</summary>
    private protected readonly BaseProtocol _protocol;

    /// <summary>The protocol when it is a <see cref="Net.Protocol"/>, else null.</summary>
    private protected readonly Protocol? _streamProtocol;

    /// <summary>The protocol when it is a <see cref="BufferedProtocol"/>, else null.</summary>
    private protected readonly BufferedProtocol? _bufferedProtocol;

    /// <summary>The server that accepted the connection, until the connection is lost or detached.</summary>
    private protected Server? _server;

    /// <summary>True between <see cref="Transport.PauseReading"/> and <see cref="Transport.ResumeReading"/>.</summary>
    private protected bool _readingPaused;

    /// <summary>True once closing: after a close, an abort or a fatal error.</summary>
    private protected bool _closing;

    /// <summary>True once <see cref="BaseProtocol.ConnectionLost"/> is scheduled.</summary>
    private protected bool _lostScheduled;

    /// <summary>True once <see cref="BaseProtocol.ConnectionLost"/> ran (or the connection was handed over).</summary>
    private protected bool _lost;

    private readonly Action<Exception?> _callConnectionLost;
    private WriteFlowControl _flow = new();

    /// <summary>Checks and keeps the protocol.</summary>
    /// <param name="loop">The loop.</param>
    /// <param name="protocol">A <see cref="Net.Protocol"/> or a <see cref="BufferedProtocol"/>.</param>
    /// <param name="server">The accepting server, if any.</param>
    /// <param name="wrongProtocolHint">Added to the message when the protocol is neither (with its leading space), or empty.</param>
    /// <exception cref="ArgumentException">The protocol is neither a <see cref="Net.Protocol"/> nor a <see cref="BufferedProtocol"/>.</exception>
    private protected StreamTransport(EventLoop loop, BaseProtocol protocol, Server? server, string wrongProtocolHint)
    {
        _loop = loop;
        _protocol = protocol;
        _streamProtocol = protocol as Protocol;
        _bufferedProtocol = protocol as BufferedProtocol;
        if (_streamProtocol is null && _bufferedProtocol is null)
        {
            throw new ArgumentException($"A stream transport needs a {nameof(Net.Protocol)} or a {nameof(BufferedProtocol)}; {protocol.GetType().Name} is neither{wrongProtocolHint}.", nameof(protocol));
        }

        _server = server;
        _callConnectionLost = CallConnectionLost;
    }

    /// <inheritdoc />
    public override BaseProtocol Protocol => _protocol;

    /// <inheritdoc />
    public override bool IsClosing => _closing;

    /// <inheritdoc />
    public override bool IsReading => !_closing && !_readingPaused;

    /// <summary>True while the protocol is paused for writing.</summary>
    private protected bool WritingPaused => _flow.Paused;

    /// <inheritdoc />
    public override (int High, int Low) GetWriteBufferLimits() => (_flow.High, _flow.Low);

    /// <inheritdoc />
    public override void SetWriteBufferLimits(int? high = null, int? low = null)
    {
        _flow.SetLimits(high, low);
        MaybePauseProtocol(GetWriteBufferSize());
    }

    /// <summary>Server's <c>close_clients</c>/<c>abort_clients</c> and a closed loop use this.</summary>
    internal void DetachFromServer() => _server = null;

    /// <summary>Calls the protocol's <c>ConnectionMade</c>: false when it raised (the transport is then failing).</summary>
    private protected bool CallConnectionMade()
    {
        try
        {
            if (_streamProtocol is not null)
            {
                _streamProtocol.ConnectionMade(this);
            }
            else
            {
                _bufferedProtocol!.ConnectionMade(this);
            }
        }
        catch (Exception e)
        {
            FatalError(e, "Exception in protocol.ConnectionMade()");
            return false;
        }

        return true;
    }

    /// <summary>After a write: pauses the protocol if <paramref name="size"/> buffered bytes are above the high-water mark.</summary>
    private protected void MaybePauseProtocol(int size) => _flow.PauseProtocol(size, _protocol, _loop);

    /// <summary>After a flush: resumes the protocol if <paramref name="size"/> buffered bytes are at or below the low-water mark.</summary>
    private protected void MaybeResumeProtocol(int size) => _flow.ResumeProtocol(size, _protocol, _loop);

    /// <summary>asyncio's <c>_fatal_error</c>: ends the connection with <paramref name="error"/>, reporting unexpected errors to the loop.</summary>
    private protected abstract void FatalError(Exception error, string? message);

    /// <summary>Drops what was still to be sent and removes the descriptor's registration: the connection is lost.</summary>
    private protected abstract void Unregister();

    /// <summary>Closes the socket, after <see cref="BaseProtocol.ConnectionLost"/>.</summary>
    private protected abstract void DisposeSocket();

    /// <summary>Schedules <see cref="BaseProtocol.ConnectionLost"/> once, on the ready queue.</summary>
    private protected void ScheduleConnectionLost(Exception? error)
    {
        if (_lostScheduled)
        {
            return;
        }

        _lostScheduled = true;
        _loop.CallSoon(_callConnectionLost, error);
    }

    private void CallConnectionLost(Exception? error)
    {
        _lost = true;
        Unregister();
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
            DisposeSocket();
            _server?.Detach(this);
            _server = null;
        }
    }
}
