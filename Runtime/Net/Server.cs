using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using CoroGen.Loop;
using CoroGen.Sync;

namespace CoroGen.Net;

/// <summary>
/// A listening server whose connections are transports driving protocols (asyncio's <c>Server</c>),
/// made by <see cref="EventLoop.CreateServer"/> or <see cref="EventLoop.CreateUnixServer"/>:
/// <see cref="Close"/>, <see cref="WaitClosed"/>, <see cref="ServeForever"/>, <see cref="Sockets"/>,
/// <see cref="IsServing"/>, <see cref="StartServing"/>.
/// </summary>
/// <remarks>
/// <para>Each listening socket is accepted by a <see cref="SocketAcceptor"/>, the readiness
/// handler of its registration (no accept task). Each connection gets a fresh protocol from the
/// factory and a transport; the protocol's <c>ConnectionMade</c> runs before any data.</para>
/// <para>Lifecycle (asyncio's): created serving unless <c>startServing: false</c>;
/// <see cref="StartServing"/> is idempotent. <see cref="Close"/> stops listening and closes the
/// listening sockets (and removes a Unix socket's file) but leaves connections alone;
/// <see cref="WaitClosed"/> returns once the server is closed and every connection is lost.
/// Invariants: <c>_clients</c> holds exactly the transports whose <c>ConnectionLost</c> has not
/// run, plus connections still in their TLS handshake (<c>_handshakes</c>); <c>_idle</c> is set
/// exactly when closed with neither. With TLS options, each accepted connection first runs the
/// server handshake in a task of its own (with the handshake timeout); the factory and
/// <c>ConnectionMade</c> come after it succeeds, and a failed handshake just closes the socket
/// (the client sees the error). Loop thread only.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class Server
{
    private readonly EventLoop _loop;
    private readonly SocketAcceptor[] _acceptors;
    private readonly Func<BaseProtocol> _protocolFactory;
    private readonly string? _unixPath;
    private readonly HashSet<Transport> _clients = [];
    private readonly AsyncEvent _idle = new();
    private readonly SslServerAuthenticationOptions? _ssl;
    private readonly TimeSpan? _sslHandshakeTimeout;
    private int _handshakes;
    private bool _serving;
    private bool _closed;
    private Future<bool>? _servingForever;

    internal Server(EventLoop loop, Socket[] listeners, Func<BaseProtocol> protocolFactory, int backlog, string? unixPath, SslServerAuthenticationOptions? ssl = null, TimeSpan? sslHandshakeTimeout = null)
    {
        _loop = loop;
        _ssl = ssl;
        _sslHandshakeTimeout = sslHandshakeTimeout;
        _protocolFactory = protocolFactory;
        _unixPath = unixPath;
        _acceptors = new SocketAcceptor[listeners.Length];
        for (var i = 0; i < listeners.Length; i++)
        {
            _acceptors[i] = new SocketAcceptor(loop, this, listeners[i], backlog);
        }
    }

    /// <summary>The listening sockets (a new list each time); empty once closed (asyncio's <c>sockets</c>).</summary>
    public IReadOnlyList<Socket> Sockets => _closed ? [] : [.. _acceptors.Select(a => a.Listener)];

    /// <summary>True while accepting connections (asyncio's <c>is_serving()</c>).</summary>
    public bool IsServing => _serving && !_closed;

    /// <summary>How many connections are open.</summary>
    public int ActiveConnections => _clients.Count;

    /// <summary>Starts accepting connections (asyncio's <c>start_serving</c>); idempotent.</summary>
    /// <exception cref="InvalidOperationException">The server is closed.</exception>
    public void StartServing()
    {
        if (_closed)
        {
            throw new InvalidOperationException($"Server {this} is closed: create a new server to serve again.");
        }

        if (_serving)
        {
            return;
        }

        _serving = true;
        foreach (var acceptor in _acceptors)
        {
            acceptor.SetAccepting(true);
        }
    }

    /// <summary>
    /// Stops listening and closes the listening sockets; open connections stay (asyncio's <c>close</c>).
    /// Idempotent. A <see cref="ServeForever"/> in progress ends with <see cref="CancelledError"/>.
    /// </summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _serving = false;
        foreach (var acceptor in _acceptors)
        {
            acceptor.Close();
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

    /// <summary>Closes every open connection gracefully: buffered data is sent first (asyncio's <c>close_clients</c>, Python 3.13).</summary>
    public void CloseClients()
    {
        foreach (var client in _clients.ToArray())
        {
            client.Close();
        }
    }

    /// <summary>Aborts every open connection, dropping buffered data (asyncio's <c>abort_clients</c>, Python 3.13).</summary>
    public void AbortClients()
    {
        foreach (var client in _clients.ToArray())
        {
            client.Abort();
        }
    }

    /// <summary>Waits until the server is closed and every connection is lost (asyncio's <c>wait_closed</c>, Python 3.12.1).</summary>
    public async Coro WaitClosed() => await _idle.Wait();

    /// <summary>
    /// Starts serving if needed and waits until the server is closed (asyncio's <c>serve_forever</c>).
    /// Cancelling it closes the server and waits for <see cref="WaitClosed"/> before raising
    /// <see cref="CancelledError"/>; <see cref="Close"/> also ends it with <see cref="CancelledError"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another <see cref="ServeForever"/> is running, or the server is closed.</exception>
    public async Coro ServeForever()
    {
        if (_servingForever is not null)
        {
            throw new InvalidOperationException($"Server {this} is already being awaited on ServeForever(): one ServeForever per server.");
        }

        if (_closed)
        {
            throw new InvalidOperationException($"Server {this} is closed.");
        }

        StartServing();
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
        var where = _closed ? "closed" : string.Join(", ", _acceptors.Select(a => a.Listener.LocalEndPoint?.ToString()));
        return $"<Server {(IsServing ? "serving" : _closed ? "closed" : "not serving")} [{where}] connections={_clients.Count}>";
    }

    /// <summary>A listener accepted <paramref name="socket"/> (non-blocking already): make its protocol and transport.</summary>
    internal void OnAccepted(Socket socket)
    {
        if (socket.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
        {
            socket.NoDelay = true;
        }

        if (_ssl is not null)
        {
            _handshakes++;
            _loop.Spawn(AcceptTls(socket, _ssl), $"Server TLS handshake {socket.RemoteEndPoint}");
            return;
        }

        BaseProtocol protocol;
        SocketTransport transport;
        try
        {
            protocol = _protocolFactory();
            transport = new SocketTransport(_loop, socket, protocol, this);
        }
        catch (Exception e)
        {
            _loop.CallExceptionHandler(new ExceptionContext("Error creating the protocol for an accepted connection") { Exception = e });
            socket.Dispose();
            return;
        }

        _clients.Add(transport);
        transport.Start();
    }

    /// <summary>A connection was lost.</summary>
    internal void Detach(Transport transport)
    {
        _clients.Remove(transport);
        UpdateIdle();
    }

    /// <summary><see cref="EventLoop.StartTls(Transport, SslServerAuthenticationOptions, TimeSpan?)"/> replaced a plain transport by a TLS one.</summary>
    internal void Replace(Transport old, Transport replacement)
    {
        _clients.Remove(old);
        _clients.Add(replacement);
    }

    /// <summary>The server side of a TLS connection: handshake, then the protocol and its transport.</summary>
    private async Coro AcceptTls(Socket socket, SslServerAuthenticationOptions ssl)
    {
        var registration = _loop.Registration(socket);
        var channel = new TlsChannel(_loop, socket, registration, []);
        try
        {
            try
            {
                await channel.Handshake(null, ssl, _sslHandshakeTimeout);
            }
            catch (Exception e) when (e is not CancelledError)
            {
                // asyncio logs failed handshakes at debug level only; the client sees the error.
                _loop.Unregister(registration);
                socket.Dispose();
                return;
            }
            catch
            {
                _loop.Unregister(registration);
                socket.Dispose();
                throw;
            }

            TlsTransport transport;
            try
            {
                transport = new TlsTransport(_loop, channel, _protocolFactory(), this);
            }
            catch (Exception e)
            {
                _loop.CallExceptionHandler(new ExceptionContext("Error creating the protocol for an accepted connection") { Exception = e });
                channel.Abort();
                _loop.Unregister(registration);
                socket.Dispose();
                return;
            }

            _clients.Add(transport);
            transport.Start();
        }
        finally
        {
            _handshakes--;
            UpdateIdle();
        }
    }

    private void UpdateIdle()
    {
        if (_closed && _clients.Count == 0 && _handshakes == 0)
        {
            _idle.Set();
        }
    }
}
