using System.Diagnostics;
using CoroGen.Net;
using CoroGen.Reactor;

namespace CoroGen.Process;

/// <summary>
/// Reads the parent's end of a pipe, such as a child's stdout or stderr, through a buffer: the
/// reading half of asyncio's <c>StreamReader</c> with the same methods and semantics as
/// <see cref="AsyncStreamReader"/> (<see cref="AsyncBufferedReader.Read"/>, <see cref="AsyncBufferedReader.ReadLine"/>,
/// <see cref="AsyncBufferedReader.ReadExactly(int)"/>, <see cref="AsyncBufferedReader.ReadUntil(byte[])"/>, <see cref="AsyncBufferedReader.AtEof"/>). Made by
/// <see cref="Subprocess"/>, never directly.
/// </summary>
/// <remarks>
/// <para><b>Why not <see cref="AsyncStreamReader"/>.</b> That reader is bound to a
/// <see cref="System.Net.Sockets.Socket"/>, and a pipe is not a socket. This one reads a raw
/// non-blocking descriptor with <c>read(2)</c>; the buffering and separator logic is the
/// stream reader's, shared through <see cref="AsyncBufferedReader"/>. Pull, not push, as there: bytes stay in the kernel's pipe buffer until a
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
public sealed class AsyncPipeReader : AsyncBufferedReader
{
    private readonly EventLoop _loop;
    private int _fd;
    private FdRegistration? _registration;

    internal AsyncPipeReader(EventLoop loop, int fd, int limit)
        : base(limit, "pipe reader")
    {
        _loop = loop;
        _fd = fd;
    }

    /// <inheritdoc />
    public override string ToString() => $"<AsyncPipeReader fd={_fd} buffered={BufferedCount} limit={Limit}{(Eof ? " eof" : "")}{(Reading ? " reading" : "")}>";

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
        MarkEof();
        if (_registration is { } registration)
        {
            // Before the close: the number may be reused at once. A waiting read wakes and sees EOF.
            _registration = null;
            _loop.Unregister(registration);
        }

        ProcessLibc.close(fd);
    }

    /// <summary>
    /// One read into <paramref name="destination"/>, waiting while the pipe is empty; 0 (and EOF set)
    /// when it ended. Once registered, a read is tried only while the registration says the pipe may
    /// be readable: a short read proves it drained.
    /// </summary>
    private protected override async Coro<int> Receive(Memory<byte> destination)
    {
        while (true)
        {
            if (Eof)
            {
                return 0;
            }

            if (_registration is { } registration && !registration.ReadReady)
            {
                if (!await registration.WaitReadable())
                {
                    // Unregistered under us (the loop closed): nothing more can be read.
                    MarkEof();
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
}
