using System.Diagnostics;
using CoroGen.Net;
using CoroGen.Reactor;

namespace CoroGen.Process;

/// <summary>
/// Writes to the parent's end of a pipe, such as a child's stdin, with a buffer and flow
/// control: the writing half of asyncio's <c>StreamWriter</c>, with the same methods and
/// semantics as <see cref="AsyncStreamWriter"/> (<see cref="Write(ReadOnlySpan{byte})"/> then
/// <see cref="AsyncBufferedWriter.Drain"/>, <see cref="Close"/>, <see cref="AsyncBufferedWriter.WaitClosed"/>). Made by
/// <see cref="Subprocess"/>, never directly.
/// </summary>
/// <remarks>
/// <para><b>Why not <see cref="AsyncStreamWriter"/>.</b> That writer is bound to a socket; this
/// one writes a raw non-blocking descriptor with <c>write(2)</c>. A pipe has no half-close:
/// <see cref="WriteEof"/> closes it once the buffer is flushed, as asyncio's pipe transport does.</para>
/// <para><b>How bytes leave.</b> A write goes to the pipe at once when it can; what the pipe does
/// not take is buffered and flushed at the pipe's next write edge. The descriptor is registered
/// with the loop's reactor once, the first time the pipe is full (edge-triggered, as sockets are),
/// with this writer as its readiness handler, and stays registered until the pipe is closed: a
/// full pipe costs no <c>epoll_ctl</c>, no handle and no callback registration.
/// Above the high-water mark (64 KiB) the writer pauses and <see cref="AsyncBufferedWriter.Drain"/> waits until the
/// buffer is back at the low-water mark (16 KiB).</para>
/// <para><b>Errors.</b> When the child closed its end, the write fails with <c>EPIPE</c> (the .NET
/// runtime ignores <c>SIGPIPE</c>, so the parent is not killed): the buffer is dropped, the pipe is
/// closed, later writes are ignored and <see cref="AsyncBufferedWriter.Drain"/> raises the <see cref="IOException"/>
/// (asyncio's <c>BrokenPipeError</c>).</para>
/// <para>Invariants: the handler wants write readiness exactly while the buffer is non-empty and
/// the descriptor is open; the buffer is non-empty only after a <c>write</c> saw <c>EAGAIN</c>. Loop thread only.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncPipeWriter : AsyncBufferedWriter, IReadinessHandler
{
    private readonly EventLoop _loop;
    private int _fd;
    private SendBuffer _send = new();
    private FdRegistration? _registration;
    private bool _closing;

    internal AsyncPipeWriter(EventLoop loop, int fd)
        : base("pipe writer")
    {
        _loop = loop;
        _fd = fd;
    }

    /// <summary>True once <see cref="Close"/> or <see cref="WriteEof"/> was called or a write failed (asyncio's <c>is_closing()</c>).</summary>
    public bool IsClosing => _closing || _fd < 0;

    /// <summary>True once the descriptor is closed.</summary>
    public bool IsClosed => _fd < 0;

    /// <summary>True: ending a pipe is closing it (asyncio's <c>can_write_eof()</c>).</summary>
    public bool CanWriteEof => true;

    /// <summary>How many bytes wait in the buffer (asyncio's <c>transport.get_write_buffer_size()</c>).</summary>
    public override int WriteBufferSize => _send.Count;

    /// <summary>Writes <paramref name="data"/>: what the pipe takes now goes at once, the rest is buffered (asyncio's <c>write</c>). Follow with <see cref="AsyncBufferedWriter.Drain"/>.</summary>
    /// <remarks>After a write error the data is dropped silently, as asyncio does; <see cref="AsyncBufferedWriter.Drain"/> raises the error.</remarks>
    /// <exception cref="InvalidOperationException">Called after <see cref="Close"/> or <see cref="WriteEof"/>.</exception>
    public override void Write(ReadOnlySpan<byte> data)
    {
        if (Error is not null)
        {
            return;
        }

        if (IsClosing)
        {
            throw new InvalidOperationException("Cannot call Write() after Close() or WriteEof() on a pipe writer.");
        }

        if (data.IsEmpty)
        {
            return;
        }

        if (WriteBufferSize == 0)
        {
            // Write until done or EAGAIN: only EAGAIN proves a write edge is coming.
            while (true)
            {
                var written = TryWrite(data);
                if (written < 0)
                {
                    return;
                }

                if (written == 0)
                {
                    break;
                }

                data = data[written..];
                if (data.IsEmpty)
                {
                    return;
                }
            }

            var registration = _registration ??= Register();
            registration.WriteReady = false;
            _send.Append(data);
            registration.SetHandlerInterest(read: false, write: true);
        }
        else
        {
            _send.Append(data);
        }

        PauseIfAbove();
    }

    /// <summary>Ends the stream (asyncio's <c>write_eof</c>): for a pipe this is <see cref="Close"/>, so the child reads EOF once the buffer is flushed.</summary>
    public void WriteEof() => Close();

    /// <summary>
    /// Closes the pipe (asyncio's <c>close</c>): buffered data is still written, then the descriptor is
    /// closed and the child reads EOF. Idempotent. Await <see cref="AsyncBufferedWriter.WaitClosed"/> to know when it is done.
    /// </summary>
    public void Close()
    {
        if (IsClosing)
        {
            return;
        }

        _closing = true;
        if (WriteBufferSize == 0)
        {
            Finish();
        }
    }

    /// <inheritdoc />
    private protected override bool IsFinished => IsClosed;

    /// <inheritdoc />
    public override string ToString() => $"<AsyncPipeWriter fd={_fd}{(_closing ? " closing" : "")} buffered={WriteBufferSize}{(Paused ? " paused" : "")}{(Error is null ? "" : " failed")}>";

    /// <summary>Closes the descriptor now, dropping anything still buffered (the subprocess's final clean-up).</summary>
    internal void Abort()
    {
        _closing = true;
        _send.Clear();
        Finish();
    }

    /// <inheritdoc />
    void IReadinessHandler.OnReady(FdRegistration registration)
    {
        if (registration.WriteReady && WriteBufferSize > 0 && _fd >= 0)
        {
            Flush();
        }
    }

    /// <summary>Registers the descriptor with the reactor (once), with this writer as its handler.</summary>
    private FdRegistration Register()
    {
        var registration = _loop.RegisterDescriptor(_fd);
        registration.SetHandler(this);
        return registration;
    }

    /// <summary>At a write edge: writes as much of the buffer as the pipe takes.</summary>
    private void Flush()
    {
        while (WriteBufferSize > 0)
        {
            var written = TryWrite(_send.Pending);
            if (written < 0)
            {
                return;
            }

            if (written == 0)
            {
                _registration!.WriteReady = false;
                break;
            }

            _send.Advance(written);
        }

        if (WriteBufferSize == 0)
        {
            _send.Clear();
            _registration?.SetHandlerInterest(read: false, write: false);
            if (_closing)
            {
                Finish();
                return;
            }
        }

        MaybeResume();
    }

    /// <summary>One non-blocking <c>write(2)</c>: the count taken (0 when the pipe is full: <c>EAGAIN</c>), or −1 after a failure (the writer is then closed).</summary>
    private unsafe int TryWrite(ReadOnlySpan<byte> data)
    {
        while (true)
        {
            nint n;
            fixed (byte* p = data)
            {
                n = ProcessLibc.write(_fd, p, data.Length);
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
                return 0;
            }

            var message = errno == ProcessLibc.EPIPE
                ? $"Broken pipe: the child process closed its end of pipe {_fd} (EPIPE)."
                : $"Writing pipe {_fd} failed: {ProcessLibc.Describe(errno)} (errno {errno}).";
            Fail(new IOException(message, errno));
            return -1;
        }
    }

    /// <summary>A write failed: drop the buffer, close the pipe, and keep the error for <see cref="AsyncBufferedWriter.Drain"/>.</summary>
    private void Fail(Exception error)
    {
        SetError(error);
        _send.Clear();
        Finish();
    }

    /// <summary>Closes the descriptor, removing its registration first (the number may be reused at once).</summary>
    private void Finish()
    {
        if (_fd < 0)
        {
            return;
        }

        var fd = _fd;
        _fd = -1;
        if (_registration is { } registration)
        {
            _registration = null;
            _loop.Unregister(registration);
        }

        ProcessLibc.close(fd);
        OnFinished();
    }
}
