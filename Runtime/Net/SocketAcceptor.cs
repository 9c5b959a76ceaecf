using System.Diagnostics;
using System.Net.Sockets;
using CoroGen.Loop;
using CoroGen.Reactor;

namespace CoroGen.Net;

/// <summary>
/// Accepts connections on one listening socket for a <see cref="Server"/> (asyncio's
/// <c>_accept_connection</c>), as the readiness handler of the listener's registration: no task,
/// no exception per empty accept queue.
/// </summary>
/// <remarks>
/// At a read edge it accepts up to the backlog with <c>accept4(SOCK_NONBLOCK | SOCK_CLOEXEC)</c>
/// until EAGAIN; more than the backlog requeues it behind other ready work. Out of descriptors or
/// memory (EMFILE, ENFILE, ENOBUFS, ENOMEM) goes to the loop's exception handler and pauses
/// accepting for one second, as asyncio does. Invariant: the handler wants reads exactly while the
/// server is serving and not in that pause.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed class SocketAcceptor : IReadinessHandler
{
    private readonly EventLoop _loop;
    private readonly Server _server;
    private readonly int _backlog;
    private bool _accepting;
    private bool _backingOff;

    internal SocketAcceptor(EventLoop loop, Server server, Socket listener, int backlog)
    {
        _loop = loop;
        _server = server;
        _backlog = Math.Max(backlog, 1);
        Listener = listener;
        Registration = loop.Registration(listener);
        Registration.SetHandler(this);
    }

    /// <summary>The listening socket.</summary>
    public Socket Listener { get; }

    /// <summary>The listener's registration.</summary>
    public FdRegistration Registration { get; }

    /// <summary>Starts or stops accepting.</summary>
    public void SetAccepting(bool accepting)
    {
        _accepting = accepting;
        Registration.SetHandlerInterest(read: accepting && !_backingOff, write: false);
    }

    /// <summary>Unregisters and closes the listener.</summary>
    public void Close()
    {
        _accepting = false;
        _loop.Unregister(Registration);
        Listener.Dispose();
    }

    void IReadinessHandler.OnReady(FdRegistration registration)
    {
        for (var i = 0; i < _backlog; i++)
        {
            if (!_accepting || registration.Closed)
            {
                return;
            }

            var socket = Libc.Accept(registration.Fd, out var errno);
            if (socket is null)
            {
                if (errno == Libc.EAGAIN)
                {
                    registration.ReadReady = false;
                    return;
                }

                if (errno is Libc.EINTR or Libc.ECONNABORTED or Libc.EPROTO)
                {
                    continue;
                }

                // asyncio: out of descriptors or memory; log, and retry after a second.
                _loop.CallExceptionHandler(new ExceptionContext("Error on accepting a connection; accepting pauses for 1 s")
                {
                    Exception = Libc.SocketError(errno),
                });
                _backingOff = true;
                SetAccepting(_accepting);
                _loop.CallLater(TimeSpan.FromSeconds(1), static self =>
                {
                    self._backingOff = false;
                    self.SetAccepting(self._accepting);
                }, this);
                return;
            }

            _server.OnAccepted(socket);
        }

        // The backlog's worth accepted: more may wait; go on after the other ready work.
        registration.ScheduleHandler();
    }

    /// <inheritdoc />
    public override string ToString() => $"<SocketAcceptor fd={Registration.Fd}{(_accepting ? " accepting" : "")}{(_backingOff ? " backing-off" : "")}>";
}
