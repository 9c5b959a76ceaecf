using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using CoroGen.Reactor;

namespace CoroGen.Net;

/// <summary>
/// Reads a connected, non-blocking socket through a buffer (asyncio's <c>StreamReader</c>):
/// <see cref="AsyncBufferedReader.Read"/>, <see cref="AsyncBufferedReader.ReadLine"/>, <see cref="AsyncBufferedReader.ReadExactly(int)"/>, <see cref="AsyncBufferedReader.ReadUntil(byte[])"/>.
/// Made by <see cref="Streams.OpenConnection"/>, <see cref="Streams.StartServer"/> or
/// <see cref="Streams.FromSocket"/>, never directly (as in asyncio).
/// </summary>
/// <remarks>
/// <para><b>Pull, not push.</b> asyncio's reader is fed by its protocol: the transport reads
/// whenever the socket is readable and pushes the bytes in with <c>feed_data</c> (pausing the
/// transport when the buffer passes twice the limit). This reader pulls instead: it receives
/// from the socket into its own buffer only when a caller needs more bytes than are buffered.
/// For the stream API the difference cannot be observed: every read waits for exactly the
/// condition asyncio's waits for, and the kernel's socket buffer plays the part of asyncio's
/// paused transport (TCP flow control pushes back on the peer once it fills). In exchange,
/// an idle connection costs no buffer growth, there is no <c>feed_data</c>/<c>feed_eof</c>
/// producer side, reads into caller memory (<see cref="AsyncBufferedReader.ReadInto"/>, <see cref="AsyncBufferedReader.ReadExactly(Memory{byte})"/>)
/// skip the buffer, and a cancelled read loses nothing: bytes not yet received stay in the
/// kernel, bytes received stay in the buffer. The socket is registered with epoll once
/// (edge-triggered); a wait stores the task in the registration and costs no <c>epoll_ctl</c>.</para>
/// <para><b>Over TLS</b> (after <see cref="AsyncStreamWriter.StartTls(System.Net.Security.SslClientAuthenticationOptions, string?, TimeSpan?)"/>
/// or with <c>ssl</c> options) every read decrypts into this buffer, never straight into caller
/// memory: a decrypting read that a cancellation interrupts stays pending with its destination,
/// and the next read takes its bytes, so nothing is lost.</para>
/// <para>Invariants: the buffered bytes are <c>_buffer[_start.._end]</c>; <c>_eof</c> is set
/// once a receive returned 0 (or the connection was closed through the writer) and then no
/// receive happens again; at most one read runs at a time (a second concurrent read raises
/// <see cref="InvalidOperationException"/>, asyncio's <c>RuntimeError</c>). Loop thread only.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncStreamReader : AsyncBufferedReader
{
    private readonly Socket _socket;
    private readonly FdRegistration _registration;
    private TlsChannel? _tls;
    private Exception? _error;

    internal AsyncStreamReader(Socket socket, FdRegistration registration, int limit)
        : base(limit, "stream reader")
    {
        _socket = socket;
        _registration = registration;
    }

    /// <inheritdoc />
    public override string ToString() => $"<AsyncStreamReader buffered={BufferedCount} limit={Limit}{(Eof ? " eof" : "")}{(Reading ? " reading" : "")}>";

    /// <summary>The connection is being closed through the writer (or failed): a read, waiting now (the writer's unregistration wakes it) or later, sees EOF or <paramref name="error"/>.</summary>
    internal void Abort(Exception? error) => _error ??= error;

    /// <summary>True while a read is in progress (a STARTTLS upgrade must wait for none).</summary>
    internal bool IsReading => Reading;

    /// <summary>
    /// The connection switches to TLS: takes the bytes already buffered (received after the
    /// plaintext the caller consumed: the start of the peer's handshake), which the channel must read first.
    /// </summary>
    internal byte[] TakeBufferedForTls() => Take(BufferedCount);

    /// <summary>From now on every read goes through <paramref name="channel"/>.</summary>
    internal void SwitchToTls(TlsChannel channel) => _tls = channel;

    /// <inheritdoc />
    private protected override bool ReceivesDirectly => _tls is null;

    /// <inheritdoc />
    private protected override bool BufferPinned => _tls?.ReadBusy == true;

    /// <summary>
    /// Fills the buffer over TLS: starts a decrypting read into the free end of the buffer unless
    /// one is still pending from a cancelled call (then the buffer is not moved: the read writes
    /// into it), waits for it, and takes its result.
    /// </summary>
    private protected override async Coro<bool> FillIndirect()
    {
        var tls = _tls!;
        if (!tls.ReadBusy)
        {
            tls.StartRead(FreeSpace());
        }

        while (!tls.ReadHasResult)
        {
            await tls.ReadDone.Wait();
        }

        int received;
        try
        {
            received = tls.TakeReadResult();
        }
        catch when (_error is not null)
        {
            received = 0;
        }

        if (received == 0)
        {
            MarkEof();
            if (_error is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }

            return false;
        }

        Commit(received);
        return true;
    }

    /// <summary>
    /// One receive into <paramref name="destination"/>, waiting while the socket has nothing; 0 (and
    /// EOF set) when the stream ended. A receive is tried only while the registration says the
    /// socket may be readable: a short read proves it drained, so the next read waits for the edge
    /// instead of paying a receive that would fail with EAGAIN.
    /// </summary>
    private protected override async Coro<int> Receive(Memory<byte> destination)
    {
        while (true)
        {
            if (Eof)
            {
                return 0;
            }

            if (_registration.Closed)
            {
                MarkEof();
                if (_error is { } error)
                {
                    ExceptionDispatchInfo.Throw(error);
                }

                return 0;
            }

            if (!_registration.ReadReady)
            {
                await _registration.WaitReadable();
                continue;
            }

            var received = _socket.Receive(destination.Span, SocketFlags.None, out var socketError);
            if (socketError == SocketError.Success)
            {
                if (received == 0)
                {
                    MarkEof();
                }
                else if (received < destination.Length)
                {
                    _registration.OnShortRead();
                }

                return received;
            }

            if (socketError != SocketError.WouldBlock)
            {
                throw new SocketException((int)socketError);
            }

            _registration.ReadReady = false;
        }
    }
}
