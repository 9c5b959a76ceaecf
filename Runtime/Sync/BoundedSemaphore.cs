using System.Diagnostics;

namespace CoroGen.Sync;

/// <summary>
/// An <see cref="AsyncSemaphore"/> that refuses to be released more often than it was acquired
/// (asyncio's <c>BoundedSemaphore</c>): a <see cref="AsyncSemaphore.Release"/> that would raise
/// <see cref="AsyncSemaphore.Value"/> above its initial value throws, catching a release without
/// a matching acquire.
/// </summary>
/// <remarks>
/// <para>Invariants: those of <see cref="AsyncSemaphore"/>, plus 0 &lt;= <see cref="AsyncSemaphore.Value"/>
/// &lt;= <see cref="Bound"/>. Acquiring, waiting, fairness and allocation are the semaphore's own.</para>
/// <para>Cancellation: as for <see cref="AsyncSemaphore"/>. A waiter cancelled after a permit was
/// handed to it returns the permit before it raises <see cref="CancelledError"/>; that release is
/// always within the bound.</para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class AsyncBoundedSemaphore : AsyncSemaphore
{
    /// <summary>Creates a bounded semaphore holding <paramref name="value"/> permits, which is also its bound.</summary>
    /// <param name="value">The initial and maximum number of permits; 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public AsyncBoundedSemaphore(int value = 1)
        : base(value, bounded: true)
    {
        Bound = value;
    }

    /// <summary>The initial number of permits, which <see cref="AsyncSemaphore.Value"/> may never exceed.</summary>
    public int Bound { get; }
}
