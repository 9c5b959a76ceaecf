namespace CoroGen.Net;

/// <summary>
/// The bytes a writer or transport still has to send: appended at the end by a write the kernel
/// did not take whole, sent from the front at each write edge. Shared by
/// <see cref="AsyncStreamWriter"/>, <see cref="Process.AsyncPipeWriter"/> and <see cref="SocketTransport"/>.
/// </summary>
/// <remarks>
/// A mutable struct held in a field and used in place (never copied). Invariants: the pending bytes
/// are <c>_buffer[_start.._end]</c>; the array is allocated at the first append and grows (at least
/// doubling, at least 4 KiB) only when compacting would not make room. Loop thread only.
/// </remarks>
internal struct SendBuffer
{
    private byte[] _buffer;
    private int _start;
    private int _end;

    /// <summary>Makes an empty buffer; no array until the first <see cref="Append"/>.</summary>
    public SendBuffer()
    {
        _buffer = [];
    }

    /// <summary>How many bytes wait to be sent.</summary>
    public readonly int Count => _end - _start;

    /// <summary>The bytes waiting to be sent, oldest first.</summary>
    public readonly ReadOnlySpan<byte> Pending => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Adds <paramref name="data"/> after the pending bytes: compacts the buffer, or grows it, when the end has no room.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        var count = Count;
        if (_end + data.Length > _buffer.Length)
        {
            if (count + data.Length <= _buffer.Length)
            {
                _buffer.AsSpan(_start, count).CopyTo(_buffer);
            }
            else
            {
                var bigger = new byte[Math.Max(Math.Max(_buffer.Length * 2, count + data.Length), 4096)];
                _buffer.AsSpan(_start, count).CopyTo(bigger);
                _buffer = bigger;
            }

            _start = 0;
            _end = count;
        }

        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    /// <summary>Drops the first <paramref name="count"/> pending bytes: the kernel took them.</summary>
    public void Advance(int count) => _start += count;

    /// <summary>Drops every pending byte and rewinds to the start of the array (kept for reuse).</summary>
    public void Clear() => _start = _end = 0;
}
