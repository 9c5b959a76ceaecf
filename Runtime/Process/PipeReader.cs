using System.Diagnostics;
using CoroGen.Net;
using CoroGen.Reactor;

namespace CoroGen.Process;

/// <summary>
/// Reads the parent's end of a pipe, such as a child's stdout or stderr, through a buffer: the
/// reading half of asyncio's <c>StreamReader</c> with the same methods and semantics as
/// <see cref="AsyncStreamReader"/> (<see cref="Read"/>, <see cref="ReadLine"/>,
/// <see cref="ReadExactly(int)"/>, <see cref="ReadUntil(byte[])"/>, <see cref="AtEof"/>). Made by
/// <see cref="Subprocess"/>, never directly.
/// </summary>
/// <remarks>
/// <para><b>Why not <see cref="AsyncStreamReader"/>.</b> That reader is bound to a
/// <see cref="System.Net.Sockets.Socket"/>, and a pipe is not a socket. This one reads a raw
/// non-blocking descriptor with <c>read(2)</c>; the buffering and separator logic is the
/// stream reader's. Pull, not push, as there: bytes stay in the kernel's pipe buffer until a
/// read needs them, which is also what makes the child block (flow control) when nobody reads.</para>
/// <para><b>Waiting.</b> The descriptor is registered with the loop's reactor once, at the first
/// read that finds the pipe empty (edge-triggered, as sockets are), and stays registered until
/// the pipe is closed: a wait stores the task in the registration and costs no <c>epoll_ctl</c>,
/// no future and no handle. A short read proves the pipe drained, so the next read waits for the
/// edge instead of paying a <c>read</c> that would fail with <c>EAGAIN</c>.</para>
/// <para>Invariants: the buffered bytes are <c>_buffer[_start.._end]</c>; <c>_eof</c> is set once
/// <c>read</c> returned 0 or the reader was closed, and then the descriptor is never read again;
/// at most one read runs at a time (a second concurrent read raises <see cref="InvalidOperationException"/>).
/// The descriptor is closed, after its registration is removed (which wakes a waiting read), as
/// soon as <c>read</c> returns 0 (nothing more can come), or by <see cref="Close"/> (also called
/// by <see cref="Subprocess.Dispose"/>); <c>_fd</c> is −1 from then on. Loop thread only.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncPipeReader
{
    private const int InitialBufferSize = 16 * 1024;

    private readonly EventLoop _loop;
    private int _fd;
    private FdRegistration? _registration;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _reading;

    internal AsyncPipeReader(EventLoop loop, int fd, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _loop = loop;
        _fd = fd;
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
    /// <exception cref="IOException">The read failed.</exception>
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
    /// <exception cref="IOException">The read failed.</exception>
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
                var received = await Receive(destination);
                if (received > 0)
                {
                    return received;
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
    /// memory): buffered bytes first, then reads straight into it, without a copy or an array.
    /// </summary>
    /// <exception cref="IncompleteReadError">EOF came first; <see cref="IncompleteReadError.Partial"/> holds a copy of the bytes read (they are also in <paramref name="destination"/>).</exception>
    /// <exception cref="InvalidOperationException">Another read is in progress.</exception>
    /// <exception cref="IOException">The read failed.</exception>
    public async Coro ReadExactly(Memory<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return;
        }

        BeginRead();
        try
        {
            var filled = Math.Min(destination.Length, BufferedCount);
            _buffer.AsSpan(_start, filled).CopyTo(destination.Span);
            Consume(filled);
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
    public override string ToString() => $"<AsyncPipeReader fd={_fd} buffered={BufferedCount} limit={Limit}{(_eof ? " eof" : "")}{(_reading ? " reading" : "")}>";

    /// <summary>
    /// True once <see cref="Close"/> ran: the descriptor is closed and reads see EOF after the
    /// bytes still buffered.
    /// </summary>
    public bool IsClosed => _fd < 0;

    /// <summary>
    /// Closes the pipe (the parent's end). Buffered bytes can still be read; a read waiting for
    /// data wakes and sees EOF; a child still writing gets <c>EPIPE</c>/<c>SIGPIPE</c>. Idempotent.
    /// </summary>
    public void Close()
    {
        if (_fd < 0)
        {
            return;
        }

        var fd = _fd;
        _fd = -1;
        _eof = true;
        if (_registration is { } registration)
        {
            // Before the close: the number may be reused at once. A waiting read wakes and sees EOF.
            _registration = null;
            _loop.Unregister(registration);
        }

        ProcessLibc.close(fd);
    }

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
            throw new InvalidOperationException("Another read is already waiting for data on this pipe reader.");
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

        var received = await Receive(_buffer.AsMemory(_end));
        _end += received;
        return received > 0;
    }

    /// <summary>
    /// One read into <paramref name="destination"/>, waiting while the pipe is empty; 0 (and EOF set)
    /// when it ended. Once registered, a read is tried only while the registration says the pipe may
    /// be readable: a short read proves it drained.
    /// </summary>
    private async Coro<int> Receive(Memory<byte> destination)
    {
        while (true)
        {
            if (_eof)
            {
                return 0;
            }

            if (_registration is { } registration && !registration.ReadReady)
            {
                if (!await registration.WaitReadable())
                {
                    // Unregistered under us (the loop closed): nothing more can be read.
                    _eof = true;
                    return 0;
                }

                continue;
            }

            var received = TryRead(destination.Span);
            if (received > 0)
            {
                if (received < destination.Length)
                {
                    _registration?.OnShortRead();
                }

                return received;
            }

            if (received == 0)
            {
                // The child closed its end: nothing more can come, so give the descriptor back now.
                Close();
                return 0;
            }

            // Empty for now: the next edge says when it is not (registered once, at the first wait).
            registration = _registration ??= _loop.RegisterDescriptor(_fd);
            registration.ReadReady = false;
        }
    }

    /// <summary>One non-blocking <c>read(2)</c>: the count (0 at EOF), or −1 when the pipe is empty for now.</summary>
    private unsafe int TryRead(Span<byte> destination)
    {
        while (true)
        {
            nint n;
            fixed (byte* p = destination)
            {
                n = ProcessLibc.read(_fd, p, destination.Length);
            }

            if (n >= 0)
            {
                return (int)n;
            }

            var errno = ProcessLibc.Errno;
            if (errno == ProcessLibc.EINTR)
            {
                continue;
            }

            if (errno == ProcessLibc.EAGAIN)
            {
                return -1;
            }

            throw new IOException($"Reading pipe {_fd} failed: {ProcessLibc.Describe(errno)} (errno {errno}).");
        }
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
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }
}
