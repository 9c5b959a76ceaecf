namespace CoroGen.Loop;

/// <summary>Settings for a new <see cref="EventLoop"/>.</summary>
public sealed record EventLoopOptions
{
    /// <summary>
    /// Debug mode (asyncio's <c>set_debug</c>). <see langword="null"/> follows the
    /// <c>COROGEN_DEBUG</c> environment variable (<c>1</c> enables it).
    /// </summary>
    public bool? Debug { get; init; }

    /// <summary>
    /// The loop's clock. Defaults to <see cref="TimeProvider.System"/>; a
    /// <see cref="VirtualTimeProvider"/> makes the loop jump over idle time instead of sleeping.
    /// </summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Where the default exception handler writes reports when no <see cref="Logger"/> is given. Defaults to standard error.</summary>
    public TextWriter? ErrorWriter { get; init; }

    /// <summary>
    /// Receives the loop's reports (errors from the default exception handler, debug-mode
    /// warnings). When <see langword="null"/>, they go to <see cref="ErrorWriter"/>.
    /// </summary>
    public Microsoft.Extensions.Logging.ILogger? Logger { get; init; }
}
