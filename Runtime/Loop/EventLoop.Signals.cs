using System.Runtime.InteropServices;

namespace CoroGen;

/// <summary>
/// OS signals as loop callbacks (asyncio's <c>add_signal_handler</c>/<c>remove_signal_handler</c>).
/// </summary>
/// <remarks>
/// <para><b>Mechanism.</b> Each handler is a <see cref="PosixSignalRegistration"/>: the .NET
/// runtime owns the process's real signal handlers and runs registrations on its own
/// signal-handling thread (never in async-signal context), so the registration only posts the
/// callback with <see cref="CallSoonThreadSafe(Action)"/> and the callback runs on the loop's
/// thread, as asyncio's do. This coexists with the runtime's own use of signals (console
/// handling, <see cref="System.Diagnostics.Process"/>'s <c>SIGCHLD</c>). SIGHUP, SIGINT, SIGQUIT and
/// SIGTERM are passed as the portable names of <see cref="PosixSignal"/>; every other signal
/// (SIGCHLD, SIGUSR1, SIGWINCH, real-time signals ...) as its raw Linux number, which the runtime
/// accepts on Linux (elsewhere: <see cref="PlatformNotSupportedException"/>). A <c>signalfd</c> is not
/// an option: it needs the signal blocked in every thread, and .NET starts threads it does not
/// let us configure.</para>
/// <para><b>Semantics.</b> While a handler is registered the signal's default action is
/// cancelled (<see cref="PosixSignalContext.Cancel"/>), as asyncio replaces the disposition: a
/// handled SIGTERM does not end the process. A new handler for the same signal replaces the
/// old one; removing the last one restores the default. Signals that arrive close together may
/// be delivered once, as with any Unix signal. Several loops may each handle the same signal;
/// each gets the callback.</para>
/// <para>Invariants: <c>_signalHandlers</c> holds one live registration per handled signal and
/// <c>_handledSignals</c> has exactly their bits (read by other threads, written on the loop's);
/// both are emptied by <see cref="Dispose"/>.</para>
/// </remarks>
public sealed partial class EventLoop
{
    private Dictionary<int, PosixSignalRegistration>? _signalHandlers;
    private long _handledSignals;

    /// <summary>
    /// Calls <paramref name="callback"/> on the loop's thread whenever the process receives
    /// <paramref name="signum"/> (asyncio's <c>add_signal_handler</c>), replacing a previous handler
    /// for that signal on this loop. The signal's default action (for SIGINT and SIGTERM, ending the
    /// process) no longer happens while the handler is registered.
    /// </summary>
    /// <param name="signum">A Linux signal number, for example <see cref="Signals.SIGTERM"/> or <see cref="Signals.SIGUSR1"/>.</param>
    /// <param name="callback">Runs on the loop's thread; its exceptions go to the loop's exception handler.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signum"/> is not a signal number, or is SIGKILL or SIGSTOP, which cannot be caught (asyncio's <c>ValueError</c>).</exception>
    /// <exception cref="InvalidOperationException">The loop is closed, or this is not the loop's thread.</exception>
    /// <exception cref="PlatformNotSupportedException">The runtime cannot handle this signal on this platform.</exception>
    public void AddSignalHandler(int signum, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ThrowIfClosed();
        CheckSignalThread(nameof(AddSignalHandler));
        var signal = ToPosixSignal(signum);

        PosixSignalRegistration registration;
        try
        {
            registration = PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                try
                {
                    CallSoonThreadSafe(callback);
                }
                catch (InvalidOperationException)
                {
                    // The loop closed between the signal and this post; its handlers are going away.
                }
            });
        }
        catch (Exception e) when (e is PlatformNotSupportedException or IOException or ArgumentException)
        {
            throw new PlatformNotSupportedException($"Signal {signum} cannot be handled here: the .NET runtime refused to register it ({e.Message}).", e);
        }

        _signalHandlers ??= [];
        if (_signalHandlers.Remove(signum, out var previous))
        {
            previous.Dispose();
        }

        _signalHandlers[signum] = registration;
        Interlocked.Or(ref _handledSignals, 1L << (signum - 1));
    }

    /// <summary>Removes the handler of <paramref name="signum"/> (asyncio's <c>remove_signal_handler</c>); false if this loop had none. The signal's default action is restored when no other handler remains.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signum"/> is not a signal number.</exception>
    /// <exception cref="InvalidOperationException">This is not the loop's thread.</exception>
    public bool RemoveSignalHandler(int signum)
    {
        ValidateSignalNumber(signum);
        CheckSignalThread(nameof(RemoveSignalHandler));
        if (_signalHandlers is null || !_signalHandlers.Remove(signum, out var registration))
        {
            return false;
        }

        Interlocked.And(ref _handledSignals, ~(1L << (signum - 1)));
        registration.Dispose();
        return true;
    }

    /// <summary>True while this loop has a handler for <paramref name="signum"/>. Thread-safe.</summary>
    internal bool HandlesSignal(int signum) => (Interlocked.Read(ref _handledSignals) & (1L << (signum - 1))) != 0;

    private void DisposeSignalHandlers()
    {
        if (_signalHandlers is null)
        {
            return;
        }

        Interlocked.Exchange(ref _handledSignals, 0);
        foreach (var registration in _signalHandlers.Values)
        {
            registration.Dispose();
        }

        _signalHandlers.Clear();
    }

    /// <summary>Signal handlers change process-wide state: unlike other loop APIs this check is not limited to debug mode.</summary>
    private void CheckSignalThread(string api)
    {
        if (IsRunning && Environment.CurrentManagedThreadId != _ownerThreadId)
        {
            throw new InvalidOperationException(
                $"{api} must be called on the loop's thread: use CallSoonThreadSafe to run it there.");
        }
    }

    private static void ValidateSignalNumber(int signum)
    {
        if (signum < 1 || signum > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(signum), signum, "Signal numbers are 1 to 64 on Linux: use the constants of CoroGen.Signals.");
        }
    }

    private static PosixSignal ToPosixSignal(int signum)
    {
        ValidateSignalNumber(signum);
        return signum switch
        {
            Signals.SIGKILL or Signals.SIGSTOP => throw new ArgumentOutOfRangeException(nameof(signum), signum, "SIGKILL and SIGSTOP cannot be caught, blocked or ignored: no handler can be added for them."),
            Signals.SIGHUP => PosixSignal.SIGHUP,
            Signals.SIGINT => PosixSignal.SIGINT,
            Signals.SIGQUIT => PosixSignal.SIGQUIT,
            Signals.SIGTERM => PosixSignal.SIGTERM,
            _ => OperatingSystem.IsLinux()
                ? (PosixSignal)signum
                : throw new PlatformNotSupportedException($"Signal {signum} is a Linux signal number: only SIGHUP, SIGINT, SIGQUIT and SIGTERM can be handled on {RuntimeInformation.OSDescription}."),
        };
    }
}
