using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using CoroGen.Sync;

namespace CoroGen.Net;

/// <summary>
/// The writing half of asyncio's <c>StreamWriter</c> over a send buffer with flow control:
/// <see cref="Write(ReadOnlySpan{byte})"/> then <see cref="Drain"/>, <see cref="SetWriteBufferLimits"/>,
/// <see cref="WaitClosed"/>. The base of <see cref="AsyncStreamWriter"/> (a socket, plain or TLS)
/// and <see cref="Process.AsyncPipeWriter"/> (a pipe); not derivable outside the runtime.
/// </summary>
/// <remarks>
/// <para><b>Flow control</b> (asyncio's <c>pause_writing</c>/<c>resume_writing</c>): a write that
/// leaves more than the high-water mark buffered pauses the writer (<see cref="PauseIfAbove"/>);
/// the flush that brings the buffer down to the low-water mark resumes it (<see cref="MaybeResume"/>).
/// <see cref="Drain"/> waits only while paused, so it returns without suspending otherwise.</para>
/// <para>A derived writer supplies the sending: <see cref="Write(ReadOnlySpan{byte})"/>,
/// <see cref="WriteBufferSize"/>, and <see cref="IsFinished"/>; it calls <see cref="SetError"/> on
/// an error and <see cref="OnFinished"/> once its descriptor is closed.</para>
/// <para>Invariants: <c>_resumed</c> is set exactly while not paused; <c>_closed</c> is set once
/// the descriptor is closed; <c>_error</c> is the first failure and is never cleared. Loop thread only.</para>
/// </remarks>
public abstract class AsyncBufferedWriter
{
    private readonly string _kind;
    private readonly AsyncEvent _resumed = new();
    private readonly AsyncEvent _closed = new();
    private WriteFlowControl _flow = new();
    private Exception? _error;

    /// <summary>Makes an open, unpaused writer with the default marks.</summary>
    /// <param name="kind">What the writer is, for the closed-while-draining message ("writer", "pipe writer").</param>
    private protected AsyncBufferedWriter(string kind)
    {
        _kind = kind;
        _resumed.Set();
    }

    /// <summary>How many bytes wait in the buffer (asyncio's <c>transport.get_write_buffer_size()</c>).</summary>
    public abstract int WriteBufferSize { get; }

    /// <summary>The high-water mark: above it the writer pauses and <see cref="Drain"/> waits.</summary>
    public int HighWaterMark => _flow.High;

    /// <summary>The low-water mark: at or below it a paused writer resumes.</summary>
    public int LowWaterMark => _flow.Low;

    /// <summary>True while paused: <see cref="Drain"/> waits.</summary>
    private protected bool Paused => _flow.Paused;

    /// <summary>The first failure, raised by every <see cref="Drain"/> and <see cref="WaitClosed"/> from then on.</summary>
    private protected Exception? Error => _error;

    /// <summary>True once the descriptor is closed (after a close or a failure).</summary>
    private protected abstract bool IsFinished { get; }

    /// <summary>Writes <paramref name="data"/>: sends what the descriptor takes now and buffers the rest (asyncio's <c>write</c>). Follow with <see cref="Drain"/>.</summary>
    /// <remarks>After an error the data is dropped silently, as asyncio does; <see cref="Drain"/> raises the error.</remarks>
    /// <exception cref="InvalidOperationException">Called after <c>WriteEof</c> or <c>Close</c>.</exception>
    public abstract void Write(ReadOnlySpan<byte> data);

    /// <inheritdoc cref="Write(ReadOnlySpan{byte})"/>
    public void Write(ReadOnlyMemory<byte> data) => Write(data.Span);

    /// <inheritdoc cref="Write(ReadOnlySpan{byte})"/>
    public void Write(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Write(data.AsSpan());
    }

    /// <summary>Writes each piece in turn, with nothing added between them (asyncio's <c>writelines</c>).</summary>
    /// <exception cref="InvalidOperationException">Called after <c>WriteEof</c> or <c>Close</c>.</exception>
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

    /// <summary>
    /// Waits while the writer is paused, that is until a buffer that went above the high-water mark is
    /// back at or below the low-water mark (asyncio's <c>drain</c>). Returns without suspending when not
    /// paused, so a loop that only writes and drains can starve other tasks, as in asyncio.
    /// </summary>
    /// <exception cref="SocketException">A socket's connection failed (raised again by every later drain).</exception>
    /// <exception cref="IOException">A pipe's write failed, for example with a broken pipe because the child closed its end (raised again by every later drain).</exception>
    /// <exception cref="InvalidOperationException">The writer was closed while the drain waited.</exception>
    public Coro Drain() => _flow.Paused || _error is not null ? DrainSlow() : Coro.CompletedCoro;

    /// <summary>Sets the flow-control marks (asyncio's <c>transport.set_write_buffer_limits</c>); defaults 64 KiB and 16 KiB.</summary>
    /// <param name="high">The high-water mark, in bytes.</param>
    /// <param name="low">The low-water mark; −1 (the default) means a quarter of <paramref name="high"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A mark is negative, or <paramref name="low"/> is above <paramref name="high"/>.</exception>
    public void SetWriteBufferLimits(int high = WriteFlowControl.DefaultHigh, int low = -1)
    {
        _flow.SetLimits(high, low);
        if (_flow.TryPause(WriteBufferSize))
        {
            _resumed.Clear();
        }
        else
        {
            MaybeResume();
        }
    }

    /// <summary>Waits until the descriptor is closed, after <c>Close</c> or a failure (asyncio's <c>wait_closed</c>).</summary>
    /// <exception cref="SocketException">A socket's connection failed.</exception>
    /// <exception cref="IOException">A pipe's write failed.</exception>
    public async Coro WaitClosed()
    {
        await _closed.Wait();
        ThrowIfFailed();
    }

    /// <summary>After a write that buffered: pauses if the buffer is now above the high-water mark.</summary>
    private protected void PauseIfAbove()
    {
        if (_flow.TryPause(WriteBufferSize))
        {
            _resumed.Clear();
        }
    }

    /// <summary>After a flush: resumes if paused and the buffer is back at or below the low-water mark.</summary>
    private protected void MaybeResume()
    {
        if (_flow.TryResume(WriteBufferSize))
        {
            _resumed.Set();
        }
    }

    /// <summary>Keeps <paramref name="error"/> unless an earlier one is kept: <see cref="Drain"/> and <see cref="WaitClosed"/> raise it.</summary>
    private protected void SetError(Exception error) => _error ??= error;

    /// <summary>The descriptor is closed: wakes every drain (they raise the error, if any) and every <see cref="WaitClosed"/>.</summary>
    private protected void OnFinished()
    {
        _flow.Reset();
        _resumed.Set();
        _closed.Set();
    }

    /// <summary>Raises the kept error, if any.</summary>
    private protected void ThrowIfFailed()
    {
        if (_error is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }
    }

    private async Coro DrainSlow()
    {
        ThrowIfFailed();
        if (_flow.Paused)
        {
            await _resumed.Wait();
            ThrowIfFailed();
            if (IsFinished && WriteBufferSize > 0)
            {
                throw new InvalidOperationException($"The {_kind} was closed while draining.");
            }
        }
    }
}
