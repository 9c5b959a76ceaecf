namespace CoroGen.Net;

/// <summary>
/// A bidirectional stream connection driven by the loop (asyncio's <c>Transport</c>): the protocol
/// writes through it and it pushes received data into the protocol. Made by
/// <see cref="EventLoop.CreateConnection{TProtocol}"/>, <see cref="EventLoop.CreateServer"/> and their
/// Unix-socket variants, never directly.
/// </summary>
/// <remarks>
/// <para><see cref="Write(ReadOnlySpan{byte})"/> never blocks: what the kernel takes goes out at
/// once, the rest is buffered and sent as the socket becomes writable. Flow control is asyncio's:
/// when the buffer goes strictly above the high-water mark the protocol's
/// <see cref="BaseProtocol.PauseWriting"/> is called; when it drains to the low-water mark or
/// below, <see cref="BaseProtocol.ResumeWriting"/>.</para>
/// <para>Not thread-safe: loop thread only, like every transport in asyncio.</para>
/// </remarks>
public abstract class Transport
{
    private protected Transport()
    {
    }

    /// <summary>The protocol this transport feeds (asyncio's <c>get_protocol()</c>).</summary>
    public abstract BaseProtocol Protocol { get; }

    /// <summary>True once <see cref="Close"/> or <see cref="Abort"/> was called or the connection was lost (asyncio's <c>is_closing()</c>).</summary>
    public abstract bool IsClosing { get; }

    /// <summary>True while received data is delivered to the protocol (asyncio's <c>is_reading()</c>).</summary>
    public abstract bool IsReading { get; }

    /// <summary>True: a socket can half-close (asyncio's <c>can_write_eof()</c>).</summary>
    public abstract bool CanWriteEof { get; }

    /// <summary>Writes <paramref name="data"/> without blocking: sends what the socket takes now and buffers the rest (asyncio's <c>write</c>).</summary>
    /// <remarks>After the connection was lost the data is dropped, as asyncio does.</remarks>
    /// <exception cref="InvalidOperationException">Called after <see cref="WriteEof"/>.</exception>
    public abstract void Write(ReadOnlySpan<byte> data);

    /// <inheritdoc cref="Write(ReadOnlySpan{byte})"/>
    public void Write(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Write(data.AsSpan());
    }

    /// <inheritdoc cref="Write(ReadOnlySpan{byte})"/>
    public void Write(ReadOnlyMemory<byte> data) => Write(data.Span);

    /// <summary>Writes each piece in turn, with nothing between them (asyncio's <c>writelines</c>).</summary>
    /// <exception cref="InvalidOperationException">Called after <see cref="WriteEof"/>.</exception>
    public void WriteLines(IEnumerable<ReadOnlyMemory<byte>> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            Write(line.Span);
        }
    }

    /// <inheritdoc cref="WriteLines(IEnumerable{ReadOnlyMemory{byte}})"/>
    public void WriteLines(IEnumerable<byte[]> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            Write(line);
        }
    }

    /// <summary>Half-closes: shuts down the sending side once the buffer is flushed (asyncio's <c>write_eof</c>). Receiving goes on.</summary>
    public abstract void WriteEof();

    /// <summary>
    /// Closes the transport (asyncio's <c>close</c>): stops reading at once, flushes the buffer, then
    /// calls the protocol's <see cref="BaseProtocol.ConnectionLost"/> with <see langword="null"/>. Idempotent.
    /// </summary>
    public abstract void Close();

    /// <summary>Closes at once, dropping the buffer (asyncio's <c>abort</c>); <see cref="BaseProtocol.ConnectionLost"/> follows with <see langword="null"/>.</summary>
    public abstract void Abort();

    /// <summary>Stops delivering received data until <see cref="ResumeReading"/> (asyncio's <c>pause_reading</c>); idempotent. Unread data waits in the kernel, and TCP pushes back on the peer.</summary>
    public abstract void PauseReading();

    /// <summary>Delivers received data again (asyncio's <c>resume_reading</c>); idempotent.</summary>
    public abstract void ResumeReading();

    /// <summary>How many bytes wait in the write buffer (asyncio's <c>get_write_buffer_size()</c>).</summary>
    public abstract int GetWriteBufferSize();

    /// <summary>The high- and low-water marks (asyncio's <c>get_write_buffer_limits()</c>).</summary>
    public abstract (int High, int Low) GetWriteBufferLimits();

    /// <summary>
    /// Sets the flow-control marks (asyncio's <c>set_write_buffer_limits</c>). Without arguments: 64 KiB
    /// and 16 KiB. Only <paramref name="low"/>: high is 4 × low. Only <paramref name="high"/>: low is
    /// high / 4. High 0 pauses whenever anything is buffered; low 0 resumes only when empty.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A mark is negative, or low is above high.</exception>
    public abstract void SetWriteBufferLimits(int? high = null, int? low = null);

    /// <summary>
    /// Information about the connection (asyncio's <c>get_extra_info</c>): <c>"peername"</c> and
    /// <c>"sockname"</c> (<see cref="System.Net.EndPoint"/>s), <c>"socket"</c> (the <see cref="System.Net.Sockets.Socket"/>);
    /// otherwise, or once the connection is lost, <paramref name="defaultValue"/>.
    /// </summary>
    public abstract object? GetExtraInfo(string name, object? defaultValue = null);
}
