using System.Net.Sockets;
using System.Threading.Tasks.Sources;
using CoroGen.Reactor;

namespace CoroGen.Net;

/// <summary>
/// The inner <see cref="Stream"/> an <see cref="System.Net.Security.SslStream"/> reads and writes
/// ciphertext through: non-blocking socket I/O driven by the loop's reactor. .NET has no memory
/// BIO, so this adapter is how TLS sits on the readiness reactor.
/// </summary>
/// <remarks>
/// <para><see cref="ReadAsync(Memory{byte}, CancellationToken)"/> and
/// <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/> try the socket at once and
/// return a completed <see cref="ValueTask"/> when it takes or gives bytes. On EAGAIN they return a
/// pending one (a reusable <see cref="IValueTaskSource{TResult}"/>, no allocation) and this adapter,
/// as the readiness handler of the socket's registration, finishes the operation at the next edge
/// and completes it <em>synchronously on the loop thread</em>. SslStream awaits its inner stream
/// with <c>ConfigureAwait(false)</c>, so its continuation (decrypt, next record, its own task's
/// completion) runs right there, on the loop thread, never on the thread pool.</para>
/// <para>Invariants: at most one read and one write pending (SslStream's own rule); the handler's
/// interest is exactly "a read is pending" / "a write is pending"; after <see cref="Abort"/>
/// every pending and later operation fails with the abort's error. <c>_prefix</c> holds bytes a
/// plaintext reader had buffered before a STARTTLS upgrade (the start of the peer's handshake);
/// they are returned before the socket is read. Loop thread only.</para>
/// </remarks>
internal sealed class LoopSocketStream : Stream, IReadinessHandler
{
    private readonly Socket _socket;
    private readonly FdRegistration _registration;
    private readonly ReadSource _read = new();
    private readonly WriteSource _write = new();
    private byte[]? _prefix;
    private int _prefixStart;
    private Memory<byte> _readMemory;
    private ReadOnlyMemory<byte> _writeMemory;
    private bool _readPending;
    private bool _writePending;
    private Exception? _error;

    internal LoopSocketStream(Socket socket, FdRegistration registration, ReadOnlySpan<byte> prefix)
    {
        _socket = socket;
        _registration = registration;
        if (!prefix.IsEmpty)
        {
            _prefix = prefix.ToArray();
        }

        registration.SetHandler(this);
    }

    /// <summary>True once <see cref="Abort"/> was called.</summary>
    public bool IsAborted => _error is not null;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_readPending)
        {
            return ValueTask.FromException<int>(new InvalidOperationException("A read is already pending on this TLS connection."));
        }

        if (_prefix is { } prefix)
        {
            var count = Math.Min(buffer.Length, prefix.Length - _prefixStart);
            prefix.AsSpan(_prefixStart, count).CopyTo(buffer.Span);
            _prefixStart += count;
            if (_prefixStart == prefix.Length)
            {
                _prefix = null;
            }

            return new ValueTask<int>(count);
        }

        if (_error is { } error)
        {
            return ValueTask.FromException<int>(error);
        }

        if (buffer.IsEmpty)
        {
            return new ValueTask<int>(0);
        }

        if (_registration.ReadReady)
        {
            var received = TryReceive(buffer.Span, out var failure);
            if (failure is not null)
            {
                return ValueTask.FromException<int>(failure);
            }

            if (received >= 0)
            {
                return new ValueTask<int>(received);
            }
        }

        _readMemory = buffer;
        _readPending = true;
        _read.Core.Reset();
        UpdateInterest();
        return new ValueTask<int>(_read, _read.Core.Version);
    }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_writePending)
        {
            return ValueTask.FromException(new InvalidOperationException("A write is already pending on this TLS connection."));
        }

        if (_error is { } error)
        {
            return ValueTask.FromException(error);
        }

        var failure = TrySend(ref buffer);
        if (failure is not null)
        {
            return ValueTask.FromException(failure);
        }

        if (buffer.IsEmpty)
        {
            return ValueTask.CompletedTask;
        }

        _writeMemory = buffer;
        _writePending = true;
        _write.Core.Reset();
        UpdateInterest();
        return new ValueTask(_write, _write.Core.Version);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("A loop-driven TLS connection never blocks: use the asynchronous API.");

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("A loop-driven TLS connection never blocks: use the asynchronous API.");

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Fails the pending operations, and every later one, with <paramref name="error"/> (completed synchronously, so SslStream's continuations run now). Idempotent.</summary>
    public void Abort(Exception error)
    {
        if (_error is not null)
        {
            return;
        }

        _error = error;
        _prefix = null;
        if (_readPending)
        {
            _readPending = false;
            _readMemory = default;
            _read.Core.SetException(error);
        }

        if (_writePending)
        {
            _writePending = false;
            _writeMemory = default;
            _write.Core.SetException(error);
        }
    }

    /// <inheritdoc />
    void IReadinessHandler.OnReady(FdRegistration registration)
    {
        if (_writePending && registration.WriteReady)
        {
            var rest = _writeMemory;
            var failure = TrySend(ref rest);
            if (failure is not null || rest.IsEmpty)
            {
                _writePending = false;
                _writeMemory = default;
                UpdateInterest();
                if (failure is not null)
                {
                    _write.Core.SetException(failure);
                }
                else
                {
                    _write.Core.SetResult(true);
                }
            }
            else
            {
                _writeMemory = rest;
            }
        }

        if (_readPending && registration.ReadReady)
        {
            var received = TryReceive(_readMemory.Span, out var failure);
            if (failure is not null || received >= 0)
            {
                _readPending = false;
                _readMemory = default;
                UpdateInterest();
                if (failure is not null)
                {
                    _read.Core.SetException(failure);
                }
                else
                {
                    _read.Core.SetResult(received);
                }
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"<LoopSocketStream fd={_registration.Fd}{(_readPending ? " reading" : "")}{(_writePending ? " writing" : "")}{(_error is null ? "" : " aborted")}>";

    private void UpdateInterest()
    {
        if (!_registration.Closed)
        {
            _registration.SetHandlerInterest(read: _readPending, write: _writePending);
        }
    }

    /// <summary>One receive: the count (0 at EOF), or −1 on EAGAIN (the read-ready flag is cleared), or a failure.</summary>
    private int TryReceive(Span<byte> destination, out Exception? failure)
    {
        failure = null;
        var received = _socket.Receive(destination, SocketFlags.None, out var error);
        if (error == SocketError.Success)
        {
            if (received > 0 && received < destination.Length)
            {
                _registration.OnShortRead();
            }

            return received;
        }

        if (error == SocketError.WouldBlock)
        {
            _registration.ReadReady = false;
            return -1;
        }

        failure = new IOException("The TLS connection's socket failed: " + error, new SocketException((int)error));
        return 0;
    }

    /// <summary>Sends until <paramref name="data"/> is empty or EAGAIN (the write-ready flag is cleared); returns a failure, if any.</summary>
    private Exception? TrySend(ref ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = _socket.Send(data.Span, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                data = data[sent..];
                continue;
            }

            if (error == SocketError.WouldBlock)
            {
                _registration.WriteReady = false;
                return null;
            }

            return new IOException("The TLS connection's socket failed: " + error, new SocketException((int)error));
        }

        return null;
    }

    /// <summary>The pending read's completion: continuations run synchronously, on the thread that completes it (the loop's).</summary>
    private sealed class ReadSource : IValueTaskSource<int>
    {
        public ManualResetValueTaskSourceCore<int> Core;

        public int GetResult(short token) => Core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => Core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            Core.OnCompleted(continuation, state, token, flags);
    }

    /// <summary>The pending write's completion.</summary>
    private sealed class WriteSource : IValueTaskSource
    {
        public ManualResetValueTaskSourceCore<bool> Core;

        public void GetResult(short token) => Core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => Core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            Core.OnCompleted(continuation, state, token, flags);
    }
}
