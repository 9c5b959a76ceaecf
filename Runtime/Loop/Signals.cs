namespace CoroGen;

/// <summary>
/// Linux signal numbers for <see cref="EventLoop.AddSignalHandler"/> and
/// <see cref="Process.Subprocess.SendSignal"/> (Python's <c>signal.SIGINT</c> and friends; the
/// values are those of Linux on x86-64 and arm64).
/// </summary>
public static class Signals
{
    /// <summary>Hang-up: the terminal closed, or "reload your configuration" by convention.</summary>
    public const int SIGHUP = 1;

    /// <summary>Interrupt: Ctrl+C.</summary>
    public const int SIGINT = 2;

    /// <summary>Quit: Ctrl+\.</summary>
    public const int SIGQUIT = 3;

    /// <summary>Kill: cannot be caught, blocked or ignored.</summary>
    public const int SIGKILL = 9;

    /// <summary>User-defined signal 1.</summary>
    public const int SIGUSR1 = 10;

    /// <summary>User-defined signal 2.</summary>
    public const int SIGUSR2 = 12;

    /// <summary>Broken pipe (ignored by the .NET runtime).</summary>
    public const int SIGPIPE = 13;

    /// <summary>Alarm clock.</summary>
    public const int SIGALRM = 14;

    /// <summary>Termination request: the polite way to stop a process.</summary>
    public const int SIGTERM = 15;

    /// <summary>A child stopped or exited.</summary>
    public const int SIGCHLD = 17;

    /// <summary>Continue after a stop.</summary>
    public const int SIGCONT = 18;

    /// <summary>Stop: cannot be caught, blocked or ignored.</summary>
    public const int SIGSTOP = 19;

    /// <summary>Terminal stop: Ctrl+Z.</summary>
    public const int SIGTSTP = 20;

    /// <summary>Background read from the terminal.</summary>
    public const int SIGTTIN = 21;

    /// <summary>Background write to the terminal.</summary>
    public const int SIGTTOU = 22;

    /// <summary>The terminal window changed size.</summary>
    public const int SIGWINCH = 28;
}
