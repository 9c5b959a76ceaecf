using System.Diagnostics;

namespace CoroGen.Process;

/// <summary>
/// Where a child's stdin, stdout or stderr goes (asyncio's <c>subprocess.PIPE</c>, <c>DEVNULL</c>,
/// <c>STDOUT</c>, <see langword="None"/> or a file descriptor). The default value is
/// <see cref="Inherit"/>, as <see langword="None"/> is asyncio's default.
/// </summary>
/// <remarks>Invariant: <c>Fd</c> is non-negative exactly when the kind is <see cref="StdioKind.Fd"/>.</remarks>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct Stdio : IEquatable<Stdio>
{
    private readonly int _fd;

    private Stdio(StdioKind kind, int fd)
    {
        Kind = kind;
        _fd = fd;
    }

    /// <summary>The child shares the parent's stream (asyncio's <see langword="None"/>, the default).</summary>
    public static Stdio Inherit => default;

    /// <summary>A new pipe: <see cref="Subprocess.Stdin"/>, <see cref="Subprocess.Stdout"/> or <see cref="Subprocess.Stderr"/> is its parent's end (asyncio's <c>PIPE</c>).</summary>
    public static Stdio Pipe => new(StdioKind.Pipe, -1);

    /// <summary><c>/dev/null</c>: reads see EOF, writes are discarded (asyncio's <c>DEVNULL</c>).</summary>
    public static Stdio DevNull => new(StdioKind.DevNull, -1);

    /// <summary>For stderr only: the child's stderr goes wherever its stdout goes (asyncio's <c>STDOUT</c>).</summary>
    public static Stdio Stdout => new(StdioKind.Stdout, -1);

    /// <summary>What this redirection is.</summary>
    public StdioKind Kind { get; }

    /// <summary>The descriptor of <see cref="FromFd"/>, or −1.</summary>
    public int Fd => Kind == StdioKind.Fd ? _fd : -1;

    /// <summary>An open descriptor of the parent, duplicated onto the child's stream; the parent keeps it open (asyncio's "an existing file descriptor").</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fd"/> is negative.</exception>
    public static Stdio FromFd(int fd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        return new Stdio(StdioKind.Fd, fd);
    }

    /// <summary>The descriptor of an open file or pipe handle, which must stay open until the child started.</summary>
    /// <exception cref="ArgumentException">The handle is closed or invalid.</exception>
    public static Stdio FromHandle(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (handle.IsInvalid || handle.IsClosed)
        {
            throw new ArgumentException("The handle is closed or invalid: pass an open file handle.", nameof(handle));
        }

        return FromFd((int)handle.DangerousGetHandle());
    }

    /// <inheritdoc />
    public bool Equals(Stdio other) => Kind == other.Kind && Fd == other.Fd;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Stdio other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Fd);

    /// <summary>Compares two redirections.</summary>
    public static bool operator ==(Stdio left, Stdio right) => left.Equals(right);

    /// <summary>Compares two redirections.</summary>
    public static bool operator !=(Stdio left, Stdio right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => Kind == StdioKind.Fd ? $"Stdio.FromFd({_fd})" : $"Stdio.{Kind}";
}

/// <summary>The kinds of <see cref="Stdio"/> redirection.</summary>
public enum StdioKind
{
    /// <summary>Shared with the parent (the default).</summary>
    Inherit,

    /// <summary>A new pipe to the parent.</summary>
    Pipe,

    /// <summary><c>/dev/null</c>.</summary>
    DevNull,

    /// <summary>stderr merged into stdout.</summary>
    Stdout,

    /// <summary>A descriptor of the parent.</summary>
    Fd,
}
