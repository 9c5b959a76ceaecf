using System.Diagnostics;
using CoroGen.Sync;

namespace CoroGen.Process;

/// <summary>
/// A child process started by <see cref="Exec"/> or <see cref="Shell"/> (asyncio's
/// <c>asyncio.subprocess.Process</c>): its pipes (<see cref="Stdin"/>, <see cref="Stdout"/>,
/// <see cref="Stderr"/>), <see cref="Wait"/>, <see cref="Communicate"/> and signals.
/// </summary>
/// <remarks>
/// <para><b>How.</b> The child is started with <c>posix_spawn</c> (see <c>PosixSpawn</c>); the
/// parent's pipe ends are non-blocking and close-on-exec, and are registered with the loop's
/// reactor the way sockets are (once, edge-triggered: a wait costs no <c>epoll_ctl</c>).
/// The exit is observed through a pidfd registered on the loop, so a thousand children cost a
/// thousand descriptors and no thread.</para>
/// <para><b>asyncio's rules.</b> <see cref="Wait"/> can deadlock when the child fills a pipe nobody
/// reads: use <see cref="Communicate"/>, which writes stdin, reads stdout and stderr concurrently,
/// and then waits. Cancelling <see cref="Wait"/> or <see cref="Communicate"/> does not touch the
/// child: it keeps running, bytes already read stay in the readers' buffers, and a later call
/// carries on. A child that is still running when nobody waits for it is not killed.</para>
/// <para>Invariants: <see cref="ReturnCode"/> is null until the child is reaped, then fixed; the
/// pipe ends are owned by their reader or writer, which close them (a reader at EOF, a writer on
/// <c>Close</c>, all of them on <see cref="Dispose"/>). Loop thread only.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class Subprocess : IDisposable
{
    /// <summary>The default buffer limit of <see cref="Stdout"/> and <see cref="Stderr"/> (asyncio's <c>limit</c>, 64 KiB).</summary>
    public const int DefaultLimit = 64 * 1024;

    private readonly ChildWatcher _watcher;
    private readonly AsyncEvent _exited = new();

    private Subprocess(EventLoop loop, int pid, AsyncPipeWriter? stdin, AsyncPipeReader? stdout, AsyncPipeReader? stderr)
    {
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
        _watcher = new ChildWatcher(loop, pid, _ => _exited.Set());
    }

    /// <summary>The child's process id (for <see cref="Shell"/>, the shell's).</summary>
    public int Pid => _watcher.Pid;

    /// <summary>
    /// The exit status once the child has exited, else <see langword="null"/> (asyncio's <c>returncode</c>):
    /// the exit code, or minus the signal number when a signal killed it (−9 after <see cref="Kill"/>).
    /// A shell may report a child killed by signal N as 128 + N instead.
    /// </summary>
    public int? ReturnCode => _watcher.ReturnCode;

    /// <summary>The writer to the child's stdin when it was <see cref="Stdio.Pipe"/>, else <see langword="null"/>.</summary>
    public AsyncPipeWriter? Stdin { get; }

    /// <summary>The reader of the child's stdout when it was <see cref="Stdio.Pipe"/>, else <see langword="null"/>.</summary>
    public AsyncPipeReader? Stdout { get; }

    /// <summary>The reader of the child's stderr when it was <see cref="Stdio.Pipe"/>, else <see langword="null"/>.</summary>
    public AsyncPipeReader? Stderr { get; }

    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="args"/> (asyncio's <c>create_subprocess_exec</c>).
    /// A program name without a slash is searched in <c>PATH</c>; no shell is involved, so arguments need no quoting.
    /// </summary>
    /// <param name="program">The program to run.</param>
    /// <param name="args">Its arguments, after the program name (which becomes <c>argv[0]</c>).</param>
    /// <param name="stdin">The child's stdin: inherited by default, or <see cref="Stdio.Pipe"/>, <see cref="Stdio.DevNull"/>, <see cref="Stdio.FromFd"/>.</param>
    /// <param name="stdout">The child's stdout, likewise.</param>
    /// <param name="stderr">The child's stderr, likewise, or <see cref="Stdio.Stdout"/> to merge it into stdout.</param>
    /// <param name="limit">The buffer limit of the stdout and stderr readers.</param>
    /// <param name="cwd">The child's working directory; the parent's by default.</param>
    /// <param name="env">The child's whole environment; the parent's by default.</param>
    /// <exception cref="FileNotFoundException">The program was not found; <see cref="FileNotFoundException.FileName"/> is its name.</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">Spawning failed otherwise (for example, permission denied).</exception>
    /// <exception cref="ArgumentException"><see cref="Stdio.Stdout"/> given for stdin or stdout.</exception>
    /// <exception cref="InvalidOperationException">No event loop is running on this thread.</exception>
    /// <exception cref="PlatformNotSupportedException">Not Linux.</exception>
    public static Coro<Subprocess> Exec(
        string program,
        IReadOnlyList<string>? args = null,
        Stdio stdin = default,
        Stdio stdout = default,
        Stdio stderr = default,
        int limit = DefaultLimit,
        string? cwd = null,
        IReadOnlyDictionary<string, string>? env = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        var argv = new List<string> { program };
        if (args is not null)
        {
            foreach (var arg in args)
            {
                argv.Add(arg ?? throw new ArgumentException("An argument is null.", nameof(args)));
            }
        }

        Validate(stdin, stdout, stderr, limit);
        return Start(program, argv, stdin, stdout, stderr, limit, cwd, env, searchPath: true);
    }

    /// <summary>
    /// Runs <paramref name="command"/> with <c>/bin/sh -c</c> (asyncio's <c>create_subprocess_shell</c>).
    /// The caller must quote anything that comes from outside; <see cref="Pid"/> is the shell's.
    /// </summary>
    /// <param name="command">The shell command line.</param>
    /// <param name="stdin">The child's stdin: inherited by default, or <see cref="Stdio.Pipe"/>, <see cref="Stdio.DevNull"/>, <see cref="Stdio.FromFd"/>.</param>
    /// <param name="stdout">The child's stdout, likewise.</param>
    /// <param name="stderr">The child's stderr, likewise, or <see cref="Stdio.Stdout"/> to merge it into stdout.</param>
    /// <param name="limit">The buffer limit of the stdout and stderr readers.</param>
    /// <param name="cwd">The shell's working directory; the parent's by default.</param>
    /// <param name="env">The shell's whole environment; the parent's by default.</param>
    /// <exception cref="ArgumentException"><see cref="Stdio.Stdout"/> given for stdin or stdout.</exception>
    /// <exception cref="InvalidOperationException">No event loop is running on this thread.</exception>
    /// <exception cref="PlatformNotSupportedException">Not Linux.</exception>
    public static Coro<Subprocess> Shell(
        string command,
        Stdio stdin = default,
        Stdio stdout = default,
        Stdio stderr = default,
        int limit = DefaultLimit,
        string? cwd = null,
        IReadOnlyDictionary<string, string>? env = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        Validate(stdin, stdout, stderr, limit);
        return Start("/bin/sh", ["/bin/sh", "-c", command], stdin, stdout, stderr, limit, cwd, env, searchPath: false);
    }

    /// <summary>
    /// Waits for the child to exit and returns <see cref="ReturnCode"/> (asyncio's <c>wait</c>).
    /// With <see cref="Stdio.Pipe"/> outputs this can deadlock when the child fills a pipe that
    /// nobody reads; <see cref="Communicate"/> cannot. Cancelling the wait leaves the child running.
    /// </summary>
    public async Coro<int> Wait()
    {
        if (ReturnCode is null)
        {
            await _exited.Wait();
        }

        return ReturnCode!.Value;
    }

    /// <summary>
    /// Writes <paramref name="input"/> to stdin and closes it, reads stdout and stderr to EOF, all
    /// concurrently, then waits for the exit (asyncio's <c>communicate</c>). Returns what was read;
    /// <see langword="null"/> for a stream that is not <see cref="Stdio.Pipe"/>. A child that exits
    /// without reading its input (a broken pipe) is not an error. The output is held in memory.
    /// </summary>
    /// <param name="input">Bytes for stdin; needs <c>stdin: Stdio.Pipe</c> when not empty.</param>
    /// <exception cref="InvalidOperationException"><paramref name="input"/> is not empty but stdin is not a pipe, or another read on a reader is in progress.</exception>
    /// <remarks>Cancellation leaves the child running and the pipes usable: bytes read so far stay buffered in <see cref="Stdout"/>/<see cref="Stderr"/>.</remarks>
    public async Coro<(byte[]? Stdout, byte[]? Stderr)> Communicate(ReadOnlyMemory<byte> input = default)
    {
        if (!input.IsEmpty && Stdin is null)
        {
            throw new InvalidOperationException("Communicate was given input but the child's stdin is not a pipe: start it with stdin: Stdio.Pipe.");
        }

        var results = await Coro.Gather(Feed(Stdin, input), ReadAll(Stdout), ReadAll(Stderr));
        await Wait();
        return (results[1], results[2]);
    }

    /// <summary>Sends <paramref name="signal"/> to the child (asyncio's <c>send_signal</c>).</summary>
    /// <param name="signal">A signal number, for example 15 (SIGTERM) or 10 (SIGUSR1) on Linux.</param>
    /// <exception cref="ProcessLookupError">The child has already exited (asyncio's <c>ProcessLookupError</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is not a signal number.</exception>
    public void SendSignal(int signal) => _watcher.Signal(signal);

    /// <summary>Sends SIGTERM (asyncio's <c>terminate</c>).</summary>
    /// <exception cref="ProcessLookupError">The child has already exited.</exception>
    public void Terminate() => SendSignal(Signals.SIGTERM);

    /// <summary>Sends SIGKILL (asyncio's <c>kill</c>); <see cref="ReturnCode"/> becomes −9.</summary>
    /// <exception cref="ProcessLookupError">The child has already exited.</exception>
    public void Kill() => SendSignal(Signals.SIGKILL);

    /// <summary>
    /// Closes the parent's ends of the pipes that are still open (unsent stdin bytes are dropped).
    /// The child is neither killed nor forgotten: <see cref="Wait"/> still reports its exit.
    /// </summary>
    public void Dispose()
    {
        Stdin?.Abort();
        Stdout?.Close();
        Stderr?.Close();
    }

    /// <inheritdoc />
    public override string ToString() => $"<Subprocess {Pid} {(ReturnCode is { } code ? $"returncode={code}" : "running")}>";

    private static void Validate(Stdio stdin, Stdio stdout, Stdio stderr, int limit)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                $"CoroGen's subprocesses need Linux (posix_spawn, pipe2 and pidfds); this is {System.Runtime.InteropServices.RuntimeInformation.OSDescription}. Use System.Diagnostics.Process here.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (stdin.Kind == StdioKind.Stdout)
        {
            throw new ArgumentException("Stdio.Stdout only makes sense for stderr (merge it into stdout).", nameof(stdin));
        }

        if (stdout.Kind == StdioKind.Stdout)
        {
            throw new ArgumentException("Stdio.Stdout only makes sense for stderr (merge it into stdout).", nameof(stdout));
        }

        _ = stderr;
    }

#pragma warning disable CS1998 // Spawning does not wait, but it must happen when the coroutine runs (coroutines are cold), not when it is created.
    private static async Coro<Subprocess> Start(
        string program,
        IReadOnlyList<string> argv,
        Stdio stdin,
        Stdio stdout,
        Stdio stderr,
        int limit,
        string? cwd,
        IReadOnlyDictionary<string, string>? env,
        bool searchPath)
#pragma warning restore CS1998
    {
        var loop = EventLoop.GetRunningLoop();
        Span<int> parentEnds = [-1, -1, -1];
        Span<int> childEnds = [-1, -1, -1];
        try
        {
            Plan(stdin, 0, parentEnds, childEnds);
            Plan(stdout, 1, parentEnds, childEnds);
            Plan(stderr, 2, parentEnds, childEnds);
            var pid = PosixSpawn.Spawn(program, argv, childEnds, stderr.Kind == StdioKind.Stdout, cwd, env, searchPath);
            CloseChildEnds(stdin, stdout, stderr, childEnds);
            var process = new Subprocess(
                loop,
                pid,
                parentEnds[0] >= 0 ? new AsyncPipeWriter(loop, parentEnds[0]) : null,
                parentEnds[1] >= 0 ? new AsyncPipeReader(loop, parentEnds[1], limit) : null,
                parentEnds[2] >= 0 ? new AsyncPipeReader(loop, parentEnds[2], limit) : null);
            parentEnds.Fill(-1);
            process._watcher.Start();
            return process;
        }
        finally
        {
            CloseChildEnds(stdin, stdout, stderr, childEnds);
            foreach (var fd in parentEnds)
            {
                if (fd >= 0)
                {
                    ProcessLibc.close(fd);
                }
            }
        }
    }

    /// <summary>Works out the child's descriptor for one stream, making a pipe when asked.</summary>
    private static unsafe void Plan(Stdio stdio, int target, Span<int> parentEnds, Span<int> childEnds)
    {
        switch (stdio.Kind)
        {
            case StdioKind.Pipe:
                var fds = stackalloc int[2];
                if (ProcessLibc.pipe2(fds, ProcessLibc.O_CLOEXEC) < 0)
                {
                    var errno = ProcessLibc.Errno;
                    throw new IOException($"pipe2 failed: {ProcessLibc.Describe(errno)} (errno {errno}).");
                }

                // fds[0] is the read end: the child's for stdin, the parent's for stdout and stderr.
                // Only the parent's end is non-blocking (O_NONBLOCK belongs to each end's open file).
                var (parent, child) = target == 0 ? (fds[1], fds[0]) : (fds[0], fds[1]);
                parentEnds[target] = parent;
                childEnds[target] = child;
                var flags = ProcessLibc.fcntl(parent, ProcessLibc.F_GETFL, 0);
                if (flags < 0 || ProcessLibc.fcntl(parent, ProcessLibc.F_SETFL, flags | ProcessLibc.O_NONBLOCK) < 0)
                {
                    var errno = ProcessLibc.Errno;
                    throw new IOException($"fcntl(O_NONBLOCK) on a pipe failed: {ProcessLibc.Describe(errno)} (errno {errno}).");
                }

                break;
            case StdioKind.DevNull:
                childEnds[target] = PosixSpawn.DevNull;
                break;
            case StdioKind.Fd:
                childEnds[target] = stdio.Fd;
                break;
            default:
                childEnds[target] = -1;
                break;
        }
    }

    /// <summary>Closes the child's pipe ends in the parent (once only: the slots are reset).</summary>
    private static void CloseChildEnds(Stdio stdin, Stdio stdout, Stdio stderr, Span<int> childEnds)
    {
        ReadOnlySpan<StdioKind> kinds = [stdin.Kind, stdout.Kind, stderr.Kind];
        for (var i = 0; i < 3; i++)
        {
            if (kinds[i] == StdioKind.Pipe && childEnds[i] >= 0)
            {
                ProcessLibc.close(childEnds[i]);
                childEnds[i] = -1;
            }
        }
    }

    private static async Coro<byte[]?> Feed(AsyncPipeWriter? stdin, ReadOnlyMemory<byte> input)
    {
        if (stdin is null)
        {
            return null;
        }

        if (!input.IsEmpty && !stdin.IsClosing)
        {
            stdin.Write(input.Span);
            try
            {
                await stdin.Drain();
            }
            catch (IOException)
            {
                // The child closed its stdin or exited without reading it all: asyncio ignores
                // BrokenPipeError and ConnectionResetError here.
            }
        }

        stdin.Close();
        return null;
    }

    private static async Coro<byte[]?> ReadAll(AsyncPipeReader? reader)
    {
        if (reader is null)
        {
            return null;
        }

        var data = await reader.Read();
        reader.Close();
        return data;
    }
}
