using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using CoroGen.Reactor;

namespace CoroGen.Net;

/// <summary>
/// Reads a connected, non-blocking socket through a buffer (asyncio's <c>StreamReader</c>):
/// <see cref="Read"/>, <see cref="ReadLine"/>, <see cref="ReadExactly(int)"/>, <see cref="ReadUntil(byte[])"/>.
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
/// producer side, reads into caller memory (<see cref="ReadInto"/>, <see cref="ReadExactly(Memory{byte})"/>)
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
public sealed class AsyncStreamReader
{
    private const int InitialBufferSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly FdRegistration _registration;
    private TlsChannel? _tls;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _reading;
    private Exception? _error;

    internal AsyncStreamReader(Socket socket, FdRegistration registration, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _socket = socket;
        _registration = registration;
        _buffer = new byte[Math.Min(limit, InitialBufferSize)];
        Limit = limit;
    }

    /// <summary>The buffer limit given at creation (asyncio's <c>limit</c>, 64 KiB by default): how far <see cref="ReadUntil(byte[])"/> looks for a separator.</summary>
    public int Limit { get; }

    /// <summary>True when the end of the stream was seen and every buffered byte was read (asyncio's <c>at_eof()</c>).</summary>
    public bool AtEof => _eof && _start == _end;

    /// <summary>How many received bytes wait in the buffer.</summary>
    public int BufferedCount => _end - _start;

    /// <summary>
    /// Reads up to <paramref name="n"/> bytes (asyncio's <c>read</c>): with −1 (the default)
    /// everything until EOF; with 0 an empty array at once; otherwise as soon as at least one
    /// byte is available, at most <paramref name="n"/>. Returns an empty array at EOF.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another read is in progress.</exception>
    /// <exception cref="SocketException">The receive failed (for example, the connection was reset).</exception>
    public async Coro<byte[]> Read(int n = -1)
    {
        if (n == 0)
        {
            return [];
        }

        BeginRead();
        try
        {
            if (n < 0)
            {
                while (await Fill())
                {
                }

                return Take(BufferedCount);
            }

            if (BufferedCount == 0)
            {
                await Fill();
            }

            return Take(Math.Min(n, BufferedCount));
        }
        finally
        {
            _reading = false;
        }
    }

    /// <summary>
    /// Reads into <paramref name="destination"/>: as soon as at least one byte is available, at most
    /// its length; 0 at EOF (or for an empty destination). With nothing buffered it receives straight
    /// into <paramref name="destination"/>, without a copy.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another read is in progress.</exception>
    /// <exception cref="SocketException">The receive failed.</exception>
    public async Coro<int> ReadInto(Memory<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        BeginRead();
        try
        {
            if (BufferedCount == 0)
            {
                if (_tls is not null)
                {
                    await Fill();
                }
                else
                {
                    var received = await Receive(destination);
                    if (received > 0)
                    {
                        return received;
                    }
                }
            }

            var count = Math.Min(destination.Length, BufferedCount);
            _buffer.AsSpan(_start, count).CopyTo(destination.Span);
            Consume(count);
            return count;
        }
        finally
        {
            _reading = false;
        }
    }

    /// <summary>
    /// Reads one line, through and including <c>'\n'</c> (asyncio's <c>readline</c>). At EOF without
    /// a newline it returns the partial line, then empty arrays.
    /// </summary>
    /// <exception cref="LimitOverrunError">
    /// The line is longer than <see cref="Limit"/>. Unlike <see cref="ReadUntil(byte[])"/>, the data is
    /// discarded first, as asyncio's <c>readline</c> does: through the newline if one was found,
    /// else the whole buffer (asyncio raises <c>ValueError</c> here).
    /// </exception>
    /// <exception cref="InvalidOperationException">Another read is in progress.</exception>
    public async Coro<byte[]> ReadLine()
    {
        try
        {
            return await ReadUntil(NewLine);
        }
        catch (IncompleteReadError e)
        {
            return e.Partial;
        }
        catch (LimitOverrunError e)
        {
            var consumed = e.Consumed;
            if (BufferedCount > consumed && _buffer[_start + consumed] == (byte)'\n')
            {
                Consume(consumed + 1);
            }
            else
            {
                Consume(BufferedCount);
            }

            throw;
        }
    }

    private static readonly byte[][] NewLine = [[(byte)'\n']];

    /// <summary>Reads exactly <paramref name="n"/> bytes (asyncio's <c>readexactly</c>).</summary>
    /// <exception cref="IncompleteReadError">EOF came first; <see cref="IncompleteReadError.Partial"/> holds the bytes read, which leave the buffer.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">Another read is in progress.</exception>
    public async Coro<byte[]> ReadExactly(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n == 0)
        {
            return [];
        }

        BeginRead();
        try
        {
            while (BufferedCount < n)
            {
                if (!await Fill())
                {
                    throw new IncompleteReadError(Take(BufferedCount), n);
                }
            }

            return Take(n);
        }
        finally
        {
            _reading = false;
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> completely (asyncio's <c>readexactly</c> into caller
    /// memory): buffered bytes first, then receives straight into it, without a copy or an array.
    /// </summary>
    /// <remarks>If the read is cancelled (or the receive fails) half-way, the bytes already received go back into the reader's buffer, so the next read sees them again.</remarks>
    /// <exception cref="IncompleteReadError">EOF came first; <see cref="IncompleteReadError.Partial"/> holds a copy of the bytes read (they are also in <paramref name="destination"/>).</exception>
    /// <exception cref="InvalidOperationException">Another read is in progress.</exception>
    /// <exception cref="SocketException">The receive failed.</exception>
    public async Coro ReadExactly(Memory<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return;
        }

        if (_tls is not null)
        {
            // TLS decrypts into the reader's buffer (a pending read must keep its destination), so
            // fill the buffer, then copy: a cancelled read leaves every byte buffered.
            BeginRead();
            try
            {
                while (BufferedCount < destination.Length)
                {
                    if (!await Fill())
                    {
                        var partial = Take(BufferedCount);
                        partial.CopyTo(destination.Span);
                        throw new IncompleteReadError(partial, destination.Length);
                    }
                }

                _buffer.AsSpan(_start, destination.Length).CopyTo(destination.Span);
                Consume(destination.Length);
                return;
            }
            finally
            {
                _reading = false;
            }
        }

        BeginRead();
        try
        {
            var filled = Math.Min(destination.Length, BufferedCount);
            _buffer.AsSpan(_start, filled).CopyTo(destination.Span);
            Consume(filled);
            try
            {
                while (filled < destination.Length)
                {
                    var received = await Receive(destination[filled..]);
                    if (received == 0)
                    {
                        throw new IncompleteReadError(destination[..filled].ToArray(), destination.Length);
                    }

                    filled += received;
                }
            }
            catch (Exception e) when (e is not IncompleteReadError && filled > 0)
            {
                // Cancelled (or failed) half-way: put the bytes back, so the stream loses nothing,
                // as asyncio's readexactly leaves them in the buffer. The buffer is empty here.
                Unread(destination.Span[..filled]);
                throw;
            }
        }
        finally
        {
            _reading = false;
        }
    }

    /// <summary>Reads through <paramref name="separator"/>, which ends the result (asyncio's <c>readuntil</c>).</summary>
    /// <exception cref="LimitOverrunError">No separator within <see cref="Limit"/> bytes, or the data before it is longer; the data stays buffered.</exception>
    /// <exception cref="IncompleteReadError">EOF before a separator; the buffer is emptied into <see cref="IncompleteReadError.Partial"/>.</exception>
    /// <exception cref="ArgumentException">The separator is empty.</exception>
    /// <exception cref="InvalidOperationException">Another read is in progress.</exception>
    public Coro<byte[]> ReadUntil(byte[] separator)
    {
        ArgumentNullException.ThrowIfNull(separator);
        return ReadUntil([separator]);
    }

    /// <summary>
    /// Reads through the first of <paramref name="separators"/> to be found, ending the result; when
    /// several match, the shortest result wins (asyncio's <c>readuntil</c> with a tuple, Python 3.13).
    /// </summary>
    /// <exception cref="LimitOverrunError">No separator within <see cref="Limit"/> bytes, or the data before it is longer; the data stays buffered.</exception>
    /// <exception cref="IncompleteReadError">EOF before a separator; the buffer is emptied into <see cref="IncompleteReadError.Partial"/>.</exception>
    /// <exception cref="ArgumentException">No separator, or an empty one.</exception>
    /// <exception cref="InvalidOperationException">Another read is in progress.</exception>
    public async Coro<byte[]> ReadUntil(params byte[][] separators)
    {
        ArgumentNullException.ThrowIfNull(separators);
        if (separators.Length == 0)
        {
            throw new ArgumentException("At least one separator is needed.", nameof(separators));
        }

        int minLength = int.MaxValue, maxLength = 0;
        foreach (var separator in separators)
        {
            if (separator is null || separator.Length == 0)
            {
                throw new ArgumentException("Separator should contain at least one byte.", nameof(separators));
            }

            minLength = Math.Min(minLength, separator.Length);
            maxLength = Math.Max(maxLength, separator.Length);
        }

        BeginRead();
        try
        {
            // asyncio's loop: look from `offset` (bytes before it cannot start a match), else wait for more.
            var offset = 0;
            int matchStart, matchEnd;
            while (true)
            {
                var length = BufferedCount;
                if (length - offset >= minLength)
                {
                    (matchStart, matchEnd) = Find(separators, offset);
                    if (matchEnd >= 0)
                    {
                        break;
                    }

                    offset = Math.Max(0, length + 1 - maxLength);
                    if (offset > Limit)
                    {
                        throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
                    }
                }

                if (!await Fill())
                {
                    throw new IncompleteReadError(Take(BufferedCount), null);
                }
            }

            if (matchStart > Limit)
            {
                throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
            }

            return Take(matchEnd);
        }
        finally
        {
            _reading = false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"<AsyncStreamReader buffered={BufferedCount} limit={Limit}{(_eof ? " eof" : "")}{(_reading ? " reading" : "")}>";

    /// <summary>The connection is being closed through the writer (or failed): a read, waiting now (the writer's unregistration wakes it) or later, sees EOF or <paramref name="error"/>.</summary>
    internal void Abort(Exception? error) => _error ??= error;

    /// <summary>True while a read is in progress (a STARTTLS upgrade must wait for none).</summary>
    internal bool IsReading => _reading;

    /// <summary>
    /// The connection switches to TLS: takes the bytes already buffered (received after the
    /// plaintext the caller consumed: the start of the peer's handshake), which the channel must read first.
    /// </summary>
    internal byte[] TakeBufferedForTls() => Take(BufferedCount);

    /// <summary>From now on every read goes through <paramref name="channel"/>.</summary>
    internal void SwitchToTls(TlsChannel channel) => _tls = channel;

    private (int Start, int End) Find(byte[][] separators, int offset)
    {
        var data = _buffer.AsSpan(_start, _end - _start);
        int bestStart = -1, bestEnd = -1;
        foreach (var separator in separators)
        {
            var index = data[offset..].IndexOf(separator);
            if (index >= 0)
            {
                var end = offset + index + separator.Length;
                if (bestEnd < 0 || end < bestEnd)
                {
                    bestStart = offset + index;
                    bestEnd = end;
                }
            }
        }

        return (bestStart, bestEnd);
    }

    private void BeginRead()
    {
        if (_reading)
        {
            throw new InvalidOperationException("Another read is already waiting for data on this stream reader.");
        }

        _reading = true;
    }

    /// <summary>Receives more bytes into the buffer: true if some arrived, false at EOF.</summary>
    private async Coro<bool> Fill()
    {
        if (_eof)
        {
            return false;
        }

        if (_tls is { } tls)
        {
            return await FillTls(tls);
        }

        MakeRoom();
        var received = await Receive(_buffer.AsMemory(_end));
        _end += received;
        return received > 0;
    }

    /// <summary>
    /// <see cref="Fill"/> over TLS: starts a decrypting read into the free end of the buffer unless
    /// one is still pending from a cancelled call (then the buffer is not moved: the read writes
    /// into it), waits for it, and takes its result.
    /// </summary>
    private async Coro<bool> FillTls(TlsChannel tls)
    {
        if (!tls.ReadBusy)
        {
            MakeRoom();
            tls.StartRead(_buffer.AsMemory(_end));
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
            _eof = true;
            if (_error is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }

            return false;
        }

        _end += received;
        return true;
    }

    /// <summary>Makes room at the end of the buffer: compacts, or doubles it.</summary>
    private void MakeRoom()
    {
        if (_end == _buffer.Length)
        {
            var count = BufferedCount;
            if (_start > 0 && count < _buffer.Length / 2)
            {
                _buffer.AsSpan(_start, count).CopyTo(_buffer);
            }
            else
            {
                var bigger = new byte[_buffer.Length * 2];
                _buffer.AsSpan(_start, count).CopyTo(bigger);
                _buffer = bigger;
            }

            _start = 0;
            _end = count;
        }
    }

    /// <summary>
    /// One receive into <paramref name="destination"/>, waiting while the socket has nothing; 0 (and
    /// EOF set) when the stream ended. A receive is tried only while the registration says the
    /// socket may be readable: a short read proves it drained, so the next read waits for the edge
    /// instead of paying a receive that would fail with EAGAIN.
    /// </summary>
    private async Coro<int> Receive(Memory<byte> destination)
    {
        while (true)
        {
            if (_eof)
            {
                return 0;
            }

            if (_registration.Closed)
            {
                _eof = true;
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
                    _eof = true;
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

    /// <summary>Puts <paramref name="data"/> back at the front of an empty buffer.</summary>
    private void Unread(ReadOnlySpan<byte> data)
    {
        Debug.Assert(BufferedCount == 0, "only an empty buffer takes bytes back");
        if (_buffer.Length < data.Length)
        {
            _buffer = new byte[data.Length];
        }

        data.CopyTo(_buffer);
        _start = 0;
        _end = data.Length;
    }

    private byte[] Take(int count)
    {
        var result = _buffer.AsSpan(_start, count).ToArray();
        Consume(count);
        return result;
    }

    private void Consume(int count)
    {
        _start += count;
        if (_start == _end && _tls?.ReadBusy != true)
        {
            _start = _end = 0;
        }
    }
}
