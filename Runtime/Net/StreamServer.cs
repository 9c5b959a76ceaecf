using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using CoroGen.Loop;
using CoroGen.Reactor;
using CoroGen.Sync;

namespace CoroGen.Net;

/// <summary>
/// A listening TCP or Unix-socket server made by <see cref="Streams.StartServer"/> or <see cref="Streams.StartUnixServer"/> (asyncio's <c>Server</c>):
/// <see cref="Close"/>, <see cref="WaitClosed"/>, <see cref="ServeForever"/>, <see cref="IsServing"/>, <see cref="Sockets"/>.
/// </summary>
/// <remarks>
/// <para>One accept task per listening socket accepts with the loop's non-blocking accept and
/// spawns one task per client, which runs the handler with the connection's reader and writer.
/// A handler's exception goes to <see cref="EventLoop.CallExceptionHandler"/> and closes the
/// connection; when the handler returns, the connection is closed too.</para>
/// <para>Lifecycle: serving from creation until <see cref="Close"/> (asyncio's
/// <c>start_serving=True</c>; there is no not-yet-serving state). <see cref="Close"/> stops
/// listening at once but leaves client connections alone; <see cref="WaitClosed"/> returns once the
/// server is closed and every client handler has finished. Invariants: <c>_idle</c> is set exactly
/// when closed and <c>_clients == 0</c>; the listening sockets are disposed only after their
/// readiness registrations were removed. Loop thread only.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class StreamServer
{
    private readonly EventLoop _loop;
    private readonly Socket[] _sockets;
    private readonly FdRegistration[] _acceptable;
    private readonly Func<AsyncStreamReader, AsyncStreamWriter, Coro> _clientConnected;
    private readonly int _limit;
    private readonly string? _unixPath;
    private readonly SslServerAuthenticationOptions? _ssl;
    private readonly TimeSpan? _sslHandshakeTimeout;
    private readonly AsyncEvent _idle = new();
    private int _clients;
    private bool _closed;
    private Future<bool>? _servingForever;

    internal StreamServer(EventLoop loop, Socket[] sockets, Func<AsyncStreamReader, AsyncStreamWriter, Coro> clientConnected, int limit, string? unixPath = null, SslServerAuthenticationOptions? ssl = null, TimeSpan? sslHandshakeTimeout = null)
    {
        _ssl = ssl;
        _sslHandshakeTimeout = sslHandshakeTimeout;
        _unixPath = unixPath;
        _loop = loop;
        _sockets = sockets;
        _acceptable = Array.ConvertAll(sockets, loop.Registration);
        _clientConnected = clientConnected;
        _limit = limit;
    }

    /// <summary>The listening sockets (a new array each time); empty once closed (asyncio's <c>sockets</c>).</summary>
    public IReadOnlyList<Socket> Sockets => _closed ? [] : [.. _sockets];

    /// <summary>True until <see cref="Close"/> (asyncio's <c>is_serving()</c>).</summary>
    public bool IsServing => !_closed;

    /// <summary>How many client handlers are running.</summary>
    public int ActiveClients => _clients;

    /// <summary>Stops listening and closes the listening sockets; client connections stay open (asyncio's <c>close</c>). Idempotent. A <see cref="ServeForever"/> in progress raises <see cref="CancelledError"/>.</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        for (var i = 0; i < _sockets.Length; i++)
        {
            _loop.Unregister(_acceptable[i]);
            _sockets[i].Dispose();
        }

        if (_unixPath is not null)
        {
            try
            {
                File.Delete(_unixPath);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        _servingForever?.Cancel();
        UpdateIdle();
    }

    /// <summary>Waits until the server is closed and every client handler has finished (asyncio's <c>wait_closed</c>, Python 3.12.1).</summary>
    public async Coro WaitClosed() => await _idle.Wait();

    /// <summary>
    /// Waits until the server is closed (asyncio's <c>serve_forever</c>): it never returns normally.
    /// Cancelling it closes the server and waits for <see cref="WaitClosed"/> before raising
    /// <see cref="CancelledError"/>; <see cref="Close"/> also ends it with <see cref="CancelledError"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another <see cref="ServeForever"/> is running, or the server is closed.</exception>
    public async Coro ServeForever()
    {
        if (_servingForever is not null)
        {
            throw new InvalidOperationException($"Server {this} is already being awaited on ServeForever().");
        }

        if (_closed)
        {
            throw new InvalidOperationException($"Server {this} is closed.");
        }

        var forever = _loop.CreateFuture<bool>();
        _servingForever = forever;
        try
        {
            await forever;
        }
        catch (CancelledError)
        {
            Close();
            await WaitClosed();
            throw;
        }
        finally
        {
            _servingForever = null;
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var where = string.Join(", ", _sockets.Select(s => _closed ? "closed" : s.LocalEndPoint?.ToString()));
        return $"<StreamServer {(_closed ? "closed" : "serving")} [{where}] clients={_clients}>";
    }

    internal void StartServing()
    {
        for (var i = 0; i < _sockets.Length; i++)
        {
            _loop.Spawn(AcceptLoop(i), $"StreamServer accept {_sockets[i].LocalEndPoint}");
        }
    }

    private async Coro AcceptLoop(int index)
    {
        var acceptable = _acceptable[index];
        while (!_closed)
        {
            // accept4: non-blocking, close-on-exec, and an empty queue is EAGAIN rather than an exception.
            var client = Libc.Accept(acceptable.Fd, out var errno);
            if (client is null)
            {
                if (errno == Libc.EAGAIN)
                {
                    if (!await acceptable.WaitReadable())
                    {
                        return;
                    }
                }
                else if (errno is not (Libc.EINTR or Libc.ECONNABORTED or Libc.EPROTO))
                {
                    // asyncio logs and retries after a second (for example on EMFILE).
                    _loop.CallExceptionHandler(new ExceptionContext("Error on accepting a connection") { Exception = Libc.SocketError(errno) });
                    await Coro.Sleep(1.0);
                }

                continue;
            }

            if (client.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            {
                client.NoDelay = true;
            }

            _clients++;
            _ = _loop.Spawn(ServeClient(client), $"StreamServer client {client.RemoteEndPoint}");
        }
    }

    private async Coro ServeClient(Socket client)
    {
        var (reader, writer) = Streams.Wrap(_loop, client, _limit);
        try
        {
            if (_ssl is not null)
            {
                try
                {
                    await writer.UpgradeToTls(null, _ssl, _sslHandshakeTimeout);
                }
                catch (Exception e) when (e is not CancelledError)
                {
                    // The writer closed the socket; asyncio logs failed handshakes at debug level only, and the client sees the error.
                    return;
                }
            }

            await _clientConnected(reader, writer);
        }
        catch (CancelledError)
        {
            throw;
        }
        catch (Exception e)
        {
            _loop.CallExceptionHandler(new ExceptionContext("Unhandled exception in client_connected_cb") { Exception = e, Task = Coro.CurrentTask });
        }
        finally
        {
            writer.Close();
            _clients--;
            UpdateIdle();
        }
    }

    private void UpdateIdle()
    {
        if (_closed && _clients == 0)
        {
            _idle.Set();
        }
    }
}
