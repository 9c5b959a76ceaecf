using System.Runtime.InteropServices;

namespace CoroGen.Process;

/// <summary>
/// The Linux calls subprocesses and pipes need (glibc, x86-64 and arm64 share these numbers),
/// bound with source-generated P/Invoke. Kept apart from the reactor's bindings so the two
/// evolve independently.
/// </summary>
/// <remarks>
/// The opaque glibc structures (<c>posix_spawn_file_actions_t</c> is 80 bytes,
/// <c>posix_spawnattr_t</c> 336, <c>sigset_t</c> 128) are allocated with generous room by the
/// caller and only ever touched through their functions.
/// </remarks>
internal static unsafe partial class ProcessLibc
{
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_RDWR = 2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int ECHILD = 10;
    public const int ESRCH = 3;
    public const int EPIPE = 32;
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int ENOSYS = 38;
    public const int WNOHANG = 1;
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;
    public const int SIGPIPE = 13;
    public const int SIGXFSZ = 25;

    /// <summary>Room for any of glibc's opaque spawn structures (the largest is 336 bytes).</summary>
    public const int OpaqueSize = 512;

    private const long SYS_pidfd_send_signal = 424;
    private const long SYS_pidfd_open = 434;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getpid();

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, int* status, int options);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long arg1, long arg2, long arg3, long arg4);

    /// <summary><c>pidfd_open(2)</c> (Linux 5.3): a descriptor that becomes readable when the process exits.</summary>
    public static int pidfd_open(int pid) => (int)syscall(SYS_pidfd_open, pid, 0, 0, 0);

    /// <summary><c>pidfd_send_signal(2)</c> (Linux 5.1): signals exactly the process the descriptor names, never a reused pid.</summary>
    public static int pidfd_send_signal(int pidfd, int sig) => (int)syscall(SYS_pidfd_send_signal, pidfd, sig, 0, 0);

    [LibraryImport("libc", SetLastError = false)]
    public static partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport("libc", SetLastError = false)]
    public static partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport("libc", SetLastError = false)]
    public static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newfd);

    [LibraryImport("libc", SetLastError = false)]
    public static partial int posix_spawn_file_actions_addopen(void* actions, int fd, byte* path, int oflag, int mode);

    [LibraryImport("libc", SetLastError = false)]
    public static partial int posix_spawn_file_actions_addchdir_np(void* actions, byte* path);

    [LibraryImport("libc", SetLastError = false)]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport("libc", SetLastError = false)]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport("libc", SetLastError = false)]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport("libc", SetLastError = false)]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* sigmask);

    [LibraryImport("libc", SetLastError = false)]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigdefault);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sigemptyset(void* set);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sigaddset(void* set, int signum);

    /// <summary>Returns an error number (0 on success); errno is not used.</summary>
    [LibraryImport("libc", SetLastError = false)]
    public static partial int posix_spawn(int* pid, byte* path, void* actions, void* attr, byte** argv, byte** envp);

    /// <summary>Like <see cref="posix_spawn"/>, searching <c>PATH</c> when the name has no slash.</summary>
    [LibraryImport("libc", SetLastError = false)]
    public static partial int posix_spawnp(int* pid, byte* file, void* actions, void* attr, byte** argv, byte** envp);

    /// <summary>The last errno of a call bound with <c>SetLastError</c>.</summary>
    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>The C library's message for <paramref name="errno"/>.</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
