using System.Diagnostics;
using System.Net.Sockets;

namespace CoroGen.Net;

/// <summary>
/// The reading half of asyncio's <c>StreamReader</c> over a buffer: <see cref="Read"/>,
/// <see cref="ReadInto"/>, <see cref="ReadLine"/>, <see cref="ReadExactly(int)"/>,
/// <see cref="ReadExactly(Memory{byte})"/>, <see cref="ReadUntil(byte[])"/>, <see cref="AtEof"/>.
/// The base of <see cref="AsyncStreamReader"/> (a socket, plain or TLS) and
/// <see cref="Process.AsyncPipeReader"/> (a pipe); not derivable outside the runtime.
/// </summary>
/// <remarks>
/// <para>A derived reader supplies one primitive, <see cref="Receive"/> (one receive straight into
/// given memory, waiting while nothing is there; 0 at EOF), and may route buffer fills elsewhere
/// (<see cref="ReceivesDirectly"/>, <see cref="FillIndirect"/>: TLS decrypts into the buffer).
/// Pull, not push: bytes are received only when a caller needs more than are buffered.</para>
/// <para>Invariants: the buffered bytes are <c>_buffer[_start.._end]</c>; <c>_eof</c> is set once
/// the source ended (<see cref="MarkEof"/>) and then nothing is received again; at most one read
/// runs at a time (a second concurrent read raises <see cref="InvalidOperationException"/>,
/// asyncio's <c>RuntimeError</c>). Loop thread only.</para>
/// </remarks>
public abstract class AsyncBufferedReader
{
    private const int InitialBufferSize = 16 * 1024;

    private static readonly byte[][] NewLine = [[(byte)'\n']];

    private readonly string _kind;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _reading;

    /// <summary>Makes an empty reader.</summary>
    /// <param name="limit">The <see cref="Limit"/>; positive.</param>
    /// <param name="kind">What the reader is, for the concurrent-read message ("stream reader", "pipe reader").</param>
    private protected AsyncBufferedReader(int limit, string kind)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        _kind = kind;
        _buffer = new byte[Math.Min(limit, InitialBufferSize)];
        Limit = limit;
    }

    /// <summary>The buffer limit given at creation (asyncio's <c>limit</c>, 64 KiB by default): how far <see cref="ReadUntil(byte[])"/> looks for a separator.</summary>
    public int Limit { get; }

    /// <summary>True when the end of the stream was seen and every buffered byte was read (asyncio's <c>at_eof()</c>).</summary>
    public bool AtEof => _eof && _start == _end;

    /// <summary>How many received bytes wait in the buffer.</summary>
    public int BufferedCount => _end - _start;

    /// <summary>True once the source ended (<see cref="MarkEof"/>): nothing is received again.</summary>
    private protected bool Eof => _eof;

    /// <summary>True while a read is in progress.</summary>
    private protected bool Reading => _reading;

    /// <summary>
    /// True when reads may receive straight into caller memory (<see cref="ReadInto"/>,
    /// <see cref="ReadExactly(Memory{byte})"/>); false when every byte must pass through the buffer
    /// (TLS: a cancelled decrypting read stays pending with its destination).
    /// </summary>
    private protected virtual bool ReceivesDirectly => true;

    /// <summary>True while the free end of the buffer is the destination of a pending operation: an emptied buffer is then not rewound.</summary>
    private protected virtual bool BufferPinned => false;

    /// <summary>
    /// Reads up to <paramref name="n"/> bytes (asyncio's <c>read</c>): with −1 (the default)
    /// everything until EOF; with 0 an empty array at once; otherwise as soon as at least one
    /// byte is available, at most <paramref name="n"/>. Returns an empty array at EOF.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another read is in progress.</exception>
    /// <exception cref="SocketException">A socket's receive failed (for example, the connection was reset).</exception>
    /// <exception cref="IOException">A pipe's read failed.</exception>
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
    /// into <paramref name="destination"/>, without a copy (over TLS, through the buffer).
    /// </summary>
    /// <exception cref="InvalidOperationException">Another read is in progress.</exception>
    /// <exception cref="SocketException">A socket's receive failed.</exception>
    /// <exception cref="IOException">A pipe's read failed.</exception>
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
                if (!ReceivesDirectly)
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
    /// <exception cref="SocketException">A socket's receive failed.</exception>
    /// <exception cref="IOException">A pipe's read failed.</exception>
    public async Coro ReadExactly(Memory<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return;
        }

        if (!ReceivesDirectly)
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

    /// <summary>
    /// One receive into <paramref name="destination"/>, waiting while the source has nothing; 0 (and
    /// <see cref="MarkEof"/> called) when it ended, or at once when <see cref="Eof"/> is already set.
    /// </summary>
    private protected abstract Coro<int> Receive(Memory<byte> destination);

    /// <summary>
    /// Fills the buffer another way than <see cref="Receive"/> while <see cref="ReceivesDirectly"/> is
    /// false: true if bytes were added (<see cref="FreeSpace"/>, <see cref="Commit"/>), false at EOF.
    /// </summary>
    private protected virtual Coro<bool> FillIndirect() => throw new NotSupportedException();

    /// <summary>The source ended: nothing is received again; the buffered bytes can still be read.</summary>
    private protected void MarkEof() => _eof = true;

    /// <summary>Makes room at the end of the buffer (compacts, or doubles it) and returns the free end.</summary>
    private protected Memory<byte> FreeSpace()
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

        return _buffer.AsMemory(_end);
    }

    /// <summary>Adds <paramref name="count"/> bytes just written at the start of <see cref="FreeSpace"/> to the buffered ones.</summary>
    private protected void Commit(int count) => _end += count;

    /// <summary>Removes the first <paramref name="count"/> buffered bytes and returns them in a new array.</summary>
    private protected byte[] Take(int count)
    {
        var result = _buffer.AsSpan(_start, count).ToArray();
        Consume(count);
        return result;
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
            throw new InvalidOperationException($"Another read is already waiting for data on this {_kind}.");
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

        if (!ReceivesDirectly)
        {
            return await FillIndirect();
        }

        var received = await Receive(FreeSpace());
        _end += received;
        return received > 0;
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

    private void Consume(int count)
    {
        _start += count;
        if (_start == _end && !BufferPinned)
        {
            _start = _end = 0;
        }
    }
}
