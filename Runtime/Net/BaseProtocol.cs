namespace CoroGen.Net;

/// <summary>
/// What every protocol hears from its transport (asyncio's <c>BaseProtocol</c>): the end of the
/// connection and write flow control. Derive from <see cref="Protocol"/>, <see cref="BufferedProtocol"/>
/// or <see cref="DatagramProtocol"/>, not from this class.
/// </summary>
/// <remarks>
/// All callbacks run on the loop thread. <see cref="ConnectionLost"/> is called exactly once per
/// connection, after every other callback.
/// </remarks>
public abstract class BaseProtocol
{
    private protected BaseProtocol()
    {
    }

    /// <summary>
    /// The connection is closed (asyncio's <c>connection_lost</c>): <paramref name="exception"/> is
    /// <see langword="null"/> for a regular EOF or a local close or abort, otherwise the error that ended it.
    /// </summary>
    public virtual void ConnectionLost(Exception? exception)
    {
    }

    /// <summary>The transport's write buffer went above its high-water mark: stop writing until <see cref="ResumeWriting"/> (asyncio's <c>pause_writing</c>).</summary>
    public virtual void PauseWriting()
    {
    }

    /// <summary>The transport's write buffer drained to its low-water mark: writing may go on (asyncio's <c>resume_writing</c>).</summary>
    public virtual void ResumeWriting()
    {
    }
}
