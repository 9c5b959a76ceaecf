using System.Runtime.InteropServices;

namespace CoroGen.Reactor;

/// <summary>The few Linux system calls the reactor needs, bound with source-generated P/Invoke.</summary>
internal static unsafe partial class Libc
{
    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int EPOLL_CTL_MOD = 3;
    public const uint EPOLLIN = 0x001;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;
    public const uint EPOLLRDHUP = 0x2000;
    public const uint EPOLLET = 0x80000000;
    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int ENOENT = 2;
    public const int EBADF = 9;
    public const int EEXIST = 17;

    /// <summary><c>struct epoll_event</c>: packed to 12 bytes on x86-64, as the kernel declares it there.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, EpollEvent* ev);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_wait(int epfd, EpollEvent* events, int maxevents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, void* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, void* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int ECONNABORTED = 103;
    public const int EPROTO = 71;

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int stat_(string path, byte* buffer);

    /// <summary>True when <paramref name="path"/> names a socket (<c>S_ISSOCK</c> of <c>stat</c>; x86-64 layout: <c>st_mode</c> at offset 24).</summary>
    public static bool IsSocketFile(string path)
    {
        var buffer = stackalloc byte[256];
        if (stat_(path, buffer) != 0)
        {
            return false;
        }

        const uint S_IFMT = 0xF000;
        const uint S_IFSOCK = 0xC000;
        return (*(uint*)(buffer + 24) & S_IFMT) == S_IFSOCK;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint recvfrom(int fd, void* buffer, nint length, int flags, void* address, uint* addressLength);

    /// <summary>A socket exception for a Linux errno (.NET's <see cref="System.Net.Sockets.SocketException(int)"/> takes a <see cref="System.Net.Sockets.SocketError"/>, not an errno).</summary>
    public static System.Net.Sockets.SocketException SocketError(int errno) => new((int)(errno switch
    {
        111 => System.Net.Sockets.SocketError.ConnectionRefused,
        104 => System.Net.Sockets.SocketError.ConnectionReset,
        32 => System.Net.Sockets.SocketError.Shutdown,
        23 or 24 => System.Net.Sockets.SocketError.TooManyOpenSockets,
        12 or 105 => System.Net.Sockets.SocketError.NoBufferSpaceAvailable,
        101 => System.Net.Sockets.SocketError.NetworkUnreachable,
        113 => System.Net.Sockets.SocketError.HostUnreachable,
        90 => System.Net.Sockets.SocketError.MessageSize,
        22 => System.Net.Sockets.SocketError.InvalidArgument,
        88 => System.Net.Sockets.SocketError.NotSocket,
        9 => System.Net.Sockets.SocketError.OperationAborted,
        _ => System.Net.Sockets.SocketError.SocketError,
    }));

    /// <summary>
    /// Accepts one connection on <paramref name="listener"/> as a non-blocking, close-on-exec socket
    /// without an exception: the socket, or <see langword="null"/> with <paramref name="errno"/> set
    /// (EAGAIN when the queue is empty).
    /// </summary>
    public static System.Net.Sockets.Socket? Accept(int listener, out int errno)
    {
        var fd = accept4(listener, null, null, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }

        errno = 0;
        System.Net.Sockets.Socket socket;
        try
        {
            socket = new System.Net.Sockets.Socket(new System.Net.Sockets.SafeSocketHandle(fd, ownsHandle: true));
        }
        catch
        {
            close(fd);
            throw;
        }

        // The descriptor is non-blocking already; tell .NET, or its synchronous calls would
        // emulate blocking by waiting for readiness on the loop thread.
        socket.Blocking = false;
        return socket;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int accept4(int sockfd, void* addr, void* addrlen, int flags);
}
