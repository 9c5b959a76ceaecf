using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Security.Authentication;
using CoroGen.Reactor;
using CoroGen.Sync;

namespace CoroGen.Net;

/// <summary>
/// One TLS session over a loop-driven socket: an <see cref="SslStream"/> over a
/// <see cref="LoopSocketStream"/>, with the handshake, one pending plaintext read at a time, and a
/// plaintext send buffer pumped through the SslStream. Shared by the TLS stream reader/writer and
/// <see cref="TlsTransport"/>.
/// </summary>
/// <remarks>
/// <para><b>Threads.</b> The socket stream completes SslStream's inner I/O synchronously on the
/// loop thread, and SslStream continues inline, so its tasks complete there too. The continuations
/// this channel hangs on them check the thread anyway: on any other thread they re-post themselves
/// with <see cref="EventLoop.CallSoonThreadSafe(Action)"/> before touching loop state.</para>
/// <para><b>Reads</b> survive the cancellation of whoever waits for them: a read stays pending (its
/// destination untouched by anyone else) until it completes, and the next waiter takes its result,
/// so a cancelled stream read loses no bytes. <see cref="ReadDone"/> is set exactly while no read is pending.</para>
/// <para><b>Writes</b>: <see cref="Write"/> appends to <c>_pending</c>; at most one SslStream write
/// (of <c>_inflight</c>) runs at a time; <see cref="BufferedCount"/> counts both. After
/// <see cref="Close"/> the buffer is flushed, close_notify sent, then the owner hears
/// <see cref="ITlsChannelOwner.OnTlsClosed"/>. After <see cref="Abort"/> every pending operation
/// fails at once, and nothing more is sent. Loop thread only.</para>
/// </remarks>
internal sealed class TlsChannel
{
    /// <summary>asyncio's default <c>ssl_handshake_timeout</c>: 60 seconds.</summary>
    internal static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(60);

    private static long s_foreignCompletions;

    private readonly EventLoop _loop;
    private readonly LoopSocketStream _inner;
    private readonly SslStream _ssl;
    private readonly Action _onReadCompleted;
    private readonly Action _onWriteCompleted;
    private readonly Action _onShutdownCompleted;
    private ValueTask<int> _readOp;
    private bool _readPending;
    private bool _readHasResult;
    private int _readResult;
    private Exception? _readError;
    private ValueTask _writeOp;
    private Task? _shutdownOp;
    private byte[] _pending = [];
    private int _pendingCount;
    private byte[] _inflight = [];
    private int _inflightCount;
    private bool _writing;
    private bool _pumping;
    private bool _closeRequested;
    private bool _shutdownStarted;

    internal TlsChannel(EventLoop loop, Socket socket, FdRegistration registration, ReadOnlySpan<byte> prefix)
    {
        _loop = loop;
        Socket = socket;
        Registration = registration;
        _inner = new LoopSocketStream(socket, registration, prefix);
        _ssl = new SslStream(_inner, leaveInnerStreamOpen: true);
        _onReadCompleted = OnReadCompleted;
        _onWriteCompleted = OnWriteCompleted;
        _onShutdownCompleted = OnShutdownCompleted;
        ReadDone.Set();
    }

    /// <summary>How many SslStream completions arrived off the loop thread and were re-posted (tests assert 0: the design keeps them on the loop thread).</summary>
    internal static long ForeignCompletions => Interlocked.Read(ref s_foreignCompletions);

    /// <summary>The socket under the session.</summary>
    internal Socket Socket { get; }

    /// <summary>The socket's registration (the <see cref="LoopSocketStream"/> is its handler).</summary>
    internal FdRegistration Registration { get; }

    /// <summary>Who hears about completions; set once the handshake is done.</summary>
    internal ITlsChannelOwner? Owner { get; set; }

    /// <summary>The options the session was made with (asyncio's <c>sslcontext</c> extra info).</summary>
    internal object? Options { get; private set; }

    /// <summary>Set exactly while no read is pending.</summary>
    internal AsyncEvent ReadDone { get; } = new();

    /// <summary>True after <see cref="Abort"/>: the session is over, locally.</summary>
    internal bool Aborted { get; private set; }

    /// <summary>A read was started and its result not taken yet (it may still be pending).</summary>
    internal bool ReadBusy => _readPending || _readHasResult;

    /// <summary>True when a read's result waits in <see cref="TakeReadResult"/>.</summary>
    internal bool ReadHasResult => _readHasResult;

    /// <summary>Plaintext not yet handed to the kernel (buffered plus being encrypted and sent).</summary>
    internal int BufferedCount => _pendingCount + _inflightCount;

    /// <summary>
    /// Runs the handshake as the client or the server (exactly one of the options is non-null), with a
    /// deadline. On any failure (including cancellation) the session is aborted and the caller closes
    /// the socket.
    /// </summary>
    /// <exception cref="AuthenticationException">The handshake failed (for example, the certificate was rejected).</exception>
    /// <exception cref="TimeoutException">The handshake took longer than <paramref name="timeout"/>.</exception>
    internal async Coro Handshake(SslClientAuthenticationOptions? client, SslServerAuthenticationOptions? server, TimeSpan? timeout)
    {
        Options = (object?)client ?? server;
        var task = client is not null ? _ssl.AuthenticateAsClientAsync(client) : _ssl.AuthenticateAsServerAsync(server!);
        try
        {
            if (!task.IsCompleted)
            {
                await Coro.WaitFor(WaitForTask(task), timeout ?? DefaultHandshakeTimeout);
            }
        }
        catch (TimeoutException)
        {
            Abort(new TimeoutException("The TLS handshake timed out."));
            Observe(task);
            throw new TimeoutException($"The TLS handshake did not finish within {(timeout ?? DefaultHandshakeTimeout).TotalSeconds:0.###} s (ssl_handshake_timeout).");
        }
        catch
        {
            Abort(new OperationCanceledException("The TLS handshake was cancelled."));
            Observe(task);
            throw;
        }

        if (task.IsFaulted)
        {
            var error = task.Exception!.InnerException!;
            Abort(error);
            ExceptionDispatchInfo.Throw(error);
        }

        if (task.IsCanceled)
        {
            Abort(new OperationCanceledException("The TLS handshake was cancelled."));
            throw new OperationCanceledException("The TLS handshake was cancelled.");
        }
    }

    /// <summary>Starts a read into <paramref name="destination"/> unless one is busy; completes at once when SslStream has plaintext buffered.</summary>
    internal void StartRead(Memory<byte> destination)
    {
        if (ReadBusy)
        {
            return;
        }

        if (Aborted)
        {
            _readHasResult = true;
            _readResult = 0;
            return;
        }

        ValueTask<int> op;
        try
        {
            op = _ssl.ReadAsync(destination);
        }
        catch (Exception e)
        {
            _readHasResult = true;
            _readError = e;
            return;
        }

        if (op.IsCompleted)
        {
            _readOp = op;
            TakeOp();
            return;
        }

        _readOp = op;
        _readPending = true;
        ReadDone.Clear();
        op.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onReadCompleted);
    }

    /// <summary>Takes the finished read's result: the byte count (0 at EOF, or when the session was closed locally), or raises its error.</summary>
    internal int TakeReadResult()
    {
        _readHasResult = false;
        if (_readError is { } error)
        {
            _readError = null;
            if (Aborted)
            {
                return 0;
            }

            ExceptionDispatchInfo.Throw(error);
        }

        return _readResult;
    }

    /// <summary>Buffers <paramref name="data"/> and sends it through the session as soon as the previous write is out.</summary>
    internal void Write(ReadOnlySpan<byte> data)
    {
        if (Aborted || data.IsEmpty)
        {
            return;
        }

        if (_pendingCount + data.Length > _pending.Length)
        {
            var bigger = new byte[Math.Max(Math.Max(_pending.Length * 2, _pendingCount + data.Length), 4096)];
            _pending.AsSpan(0, _pendingCount).CopyTo(bigger);
            _pending = bigger;
        }

        data.CopyTo(_pending.AsSpan(_pendingCount));
        _pendingCount += data.Length;
        Pump();
    }

    /// <summary>Sends what is buffered, then close_notify, then tells the owner (<see cref="ITlsChannelOwner.OnTlsClosed"/>).</summary>
    internal void Close()
    {
        _closeRequested = true;
        Pump();
    }

    /// <summary>Ends the session at once: pending reads and writes fail (reads then report EOF), the buffer is dropped. Idempotent. The owner closes the socket.</summary>
    internal void Abort(Exception? error = null)
    {
        if (Aborted)
        {
            return;
        }

        Aborted = true;
        _pendingCount = _inflightCount = 0;
        _inner.Abort(error ?? new ObjectDisposedException(nameof(SslStream), "The TLS connection was closed."));
        _ssl.Dispose();
    }

    /// <summary>asyncio's TLS extra info: <c>ssl_object</c> (the <see cref="SslStream"/>), <c>peercert</c>, <c>cipher</c> (suite and protocol), <c>sslcontext</c> (the options); <see langword="false"/> in <paramref name="found"/> otherwise.</summary>
    internal object? GetExtraInfo(string name, out bool found)
    {
        found = true;
        switch (name)
        {
            case "ssl_object":
                return _ssl;
            case "peercert":
                return _ssl.IsAuthenticated ? _ssl.RemoteCertificate : null;
            case "cipher":
                return _ssl.IsAuthenticated ? (_ssl.NegotiatedCipherSuite.ToString(), _ssl.SslProtocol) : null;
            case "sslcontext":
                return Options;
            default:
                found = false;
                return null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"<TlsChannel {_inner}{(Aborted ? " aborted" : "")} buffered={BufferedCount}>";

    private static void Observe(Task task)
    {
        if (task.IsCompleted)
        {
            _ = task.Exception;
        }
        else
        {
            task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Waits on the loop for a .NET task that completes on the loop thread (or, if ever elsewhere, posts back); cancellable without touching the task.</summary>
    private async Coro WaitForTask(Task task)
    {
        var done = new AsyncEvent();
        var loop = _loop;
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() =>
        {
            if (loop.IsOnLoopThread)
            {
                done.Set();
            }
            else if (!loop.IsClosed)
            {
                Interlocked.Increment(ref s_foreignCompletions);
                loop.CallSoonThreadSafe(done.Set);
            }
        });
        await done.Wait();
    }

    private void OnReadCompleted()
    {
        if (!_loop.IsOnLoopThread)
        {
            Interlocked.Increment(ref s_foreignCompletions);
            _loop.CallSoonThreadSafe(_onReadCompleted);
            return;
        }

        _readPending = false;
        TakeOp();
        ReadDone.Set();
        Owner?.OnTlsReadCompleted();
    }

    private void TakeOp()
    {
        try
        {
            _readResult = _readOp.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            _readError = e;
        }

        _readOp = default;
        _readHasResult = true;
    }

    /// <summary>Starts SslStream writes until the buffer is empty or a write is pending; then, if asked, the shutdown.</summary>
    private void Pump()
    {
        if (_pumping)
        {
            return;
        }

        _pumping = true;
        try
        {
            while (!_writing && !Aborted)
            {
                if (_pendingCount == 0)
                {
                    if (_closeRequested && !_shutdownStarted)
                    {
                        StartShutdown();
                    }

                    return;
                }

                (_pending, _inflight) = (_inflight, _pending);
                _inflightCount = _pendingCount;
                _pendingCount = 0;
                ValueTask op;
                try
                {
                    op = _ssl.WriteAsync(_inflight.AsMemory(0, _inflightCount));
                }
                catch (Exception e)
                {
                    WriteFailed(e);
                    return;
                }

                if (!op.IsCompleted)
                {
                    _writeOp = op;
                    _writing = true;
                    op.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onWriteCompleted);
                    return;
                }

                if (!FinishWrite(op))
                {
                    return;
                }
            }
        }
        finally
        {
            _pumping = false;
        }
    }

    private void OnWriteCompleted()
    {
        if (!_loop.IsOnLoopThread)
        {
            Interlocked.Increment(ref s_foreignCompletions);
            _loop.CallSoonThreadSafe(_onWriteCompleted);
            return;
        }

        _writing = false;
        var op = _writeOp;
        _writeOp = default;
        if (FinishWrite(op))
        {
            Pump();
        }
    }

    /// <summary>Takes a finished write's outcome; false if it failed.</summary>
    private bool FinishWrite(ValueTask op)
    {
        try
        {
            op.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            WriteFailed(e);
            return false;
        }

        _inflightCount = 0;
        if (!Aborted)
        {
            Owner?.OnTlsWritten();
        }

        return !Aborted;
    }

    private void WriteFailed(Exception error)
    {
        _inflightCount = 0;
        if (Aborted)
        {
            return;
        }

        Owner?.OnTlsWriteFailed(error);
    }

    private void StartShutdown()
    {
        _shutdownStarted = true;
        try
        {
            _shutdownOp = _ssl.ShutdownAsync();
        }
        catch (Exception)
        {
            // close_notify is a courtesy: the socket is closed anyway.
            Owner?.OnTlsClosed();
            return;
        }

        if (_shutdownOp.IsCompleted)
        {
            OnShutdownCompleted();
        }
        else
        {
            _shutdownOp.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onShutdownCompleted);
        }
    }

    private void OnShutdownCompleted()
    {
        if (!_loop.IsOnLoopThread)
        {
            Interlocked.Increment(ref s_foreignCompletions);
            _loop.CallSoonThreadSafe(_onShutdownCompleted);
            return;
        }

        if (_shutdownOp is { } op)
        {
            _ = op.Exception;
            _shutdownOp = null;
            Owner?.OnTlsClosed();
        }
    }
}
