using System.Diagnostics;

namespace CoroGen.Process;

/// <summary>
/// Watches one child for its exit and reaps it, without a thread: a <c>pidfd_open(2)</c>
/// descriptor registered as a reader on the loop becomes readable when the child exits, and
/// <c>waitpid(pid, WNOHANG)</c> then collects its status (asyncio's child watcher, as its
/// <c>PidfdChildWatcher</c> does).
/// </summary>
/// <remarks>
/// <para>Invariants: the pidfd is open and registered, and the watcher is in its loop's child
/// set, exactly while the child is not reaped and the loop is open (closing the loop calls
/// <see cref="Detach"/>);
/// <see cref="ReturnCode"/> is set once, by the reap, and then <c>onExit</c> is called once. While
/// the child is unreaped its pid cannot be reused, and signals go through
/// <c>pidfd_send_signal(2)</c>, which names the process itself, so a signal never reaches a
/// stranger. Loop thread only.</para>
/// <para>Fallback: on kernels without pidfds (before Linux 5.3) the exit is awaited by a blocking
/// <c>waitpid</c> on the loop's default executor, one pool thread per running child, and signals
/// use <c>kill(2)</c>.</para>
/// <para>Not reaped by anyone else: the .NET runtime's own <c>SIGCHLD</c> handling reaps only the
/// children of <see cref="System.Diagnostics.Process"/>. If another component reaps ours first
/// (<c>ECHILD</c>), the return code is 255, as asyncio reports for an unknown child.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed class ChildWatcher
{
    private readonly EventLoop _loop;
    private readonly Action<int> _onExit;
    private int _pidfd = -1;

    public ChildWatcher(EventLoop loop, int pid, Action<int> onExit)
    {
        _loop = loop;
        Pid = pid;
        _onExit = onExit;
    }

    /// <summary>The child's process id.</summary>
    public int Pid { get; }

    /// <summary>The exit status once reaped: the exit code, or minus the signal number that killed it.</summary>
    public int? ReturnCode { get; private set; }

    /// <summary>Starts watching; the child may already have exited.</summary>
    public void Start()
    {
        _pidfd = ProcessLibc.pidfd_open(Pid);
        if (_pidfd >= 0)
        {
            _loop.AddReader(_pidfd, OnReadable);
            _loop.TrackChild(this);
            return;
        }

        var errno = ProcessLibc.Errno;
        if (errno != ProcessLibc.ENOSYS)
        {
            throw new IOException($"pidfd_open({Pid}) failed: {ProcessLibc.Describe(errno)} (errno {errno}).");
        }

        var pid = Pid;
        _loop.RunInExecutor(() => BlockingWait(pid)).AddDoneCallback(done => Reaped(done.Exception is null ? done.Result : 255));
    }

    /// <summary>Sends <paramref name="signal"/> to the child.</summary>
    /// <exception cref="ProcessLookupError">The child has exited and was reaped.</exception>
    public void Signal(int signal)
    {
        if (ReturnCode is not null)
        {
            throw new ProcessLookupError($"Process {Pid} has already exited (return code {ReturnCode}): it cannot receive signal {signal}.");
        }

        var result = _pidfd >= 0 ? ProcessLibc.pidfd_send_signal(_pidfd, signal) : ProcessLibc.kill(Pid, signal);
        if (result < 0)
        {
            var errno = ProcessLibc.Errno;
            if (errno == ProcessLibc.ESRCH)
            {
                throw new ProcessLookupError($"Process {Pid} has already exited: it cannot receive signal {signal}.");
            }

            if (errno == 22)
            {
                throw new ArgumentOutOfRangeException(nameof(signal), signal, $"{signal} is not a valid signal number.");
            }

            throw new IOException($"Sending signal {signal} to process {Pid} failed: {ProcessLibc.Describe(errno)} (errno {errno}).");
        }
    }

    /// <summary>
    /// The loop is closing: reap the child if it already exited, else stop watching it and
    /// release the pidfd (called after the reactor's registrations are moot, so no removal).
    /// </summary>
    public void Detach()
    {
        if (_pidfd < 0)
        {
            return;
        }

        OnReadable();
        if (_pidfd >= 0)
        {
            ProcessLibc.close(_pidfd);
            _pidfd = -1;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"<ChildWatcher pid={Pid}{(ReturnCode is { } code ? $" returncode={code}" : _pidfd >= 0 ? $" pidfd={_pidfd}" : "")}>";

    /// <summary>Decodes a <c>waitpid</c> status as asyncio does: the exit code, or minus the signal number.</summary>
    internal static int Decode(int status)
    {
        var termSignal = status & 0x7f;
        return termSignal == 0 ? (status >> 8) & 0xff : -termSignal;
    }

    /// <summary>Waits for <paramref name="pid"/> to exit and reaps it, blocking the calling thread (the fallback watcher; tests).</summary>
    internal static unsafe int BlockingWait(int pid)
    {
        while (true)
        {
            int status;
            var result = ProcessLibc.waitpid(pid, &status, 0);
            if (result == pid)
            {
                return Decode(status);
            }

            if (result < 0 && ProcessLibc.Errno != ProcessLibc.EINTR)
            {
                return 255;
            }
        }
    }

    private unsafe void OnReadable()
    {
        int status;
        int result;
        do
        {
            result = ProcessLibc.waitpid(Pid, &status, ProcessLibc.WNOHANG);
        }
        while (result < 0 && ProcessLibc.Errno == ProcessLibc.EINTR);

        if (result == 0)
        {
            // Readable but not yet waitable: cannot happen for a pidfd, but costs nothing to tolerate.
            return;
        }

        Reaped(result == Pid ? Decode(status) : 255);
    }

    private void Reaped(int returnCode)
    {
        if (ReturnCode is not null)
        {
            return;
        }

        ReturnCode = returnCode;
        if (_pidfd >= 0)
        {
            var pidfd = _pidfd;
            _pidfd = -1;
            if (!_loop.IsClosed)
            {
                _loop.RemoveReader(pidfd);
            }

            ProcessLibc.close(pidfd);
            _loop.UntrackChild(this);
        }

        _onExit(returnCode);
    }
}
