using CoroGen.Loop;

namespace CoroGen.Net;

/// <summary>
/// asyncio's write flow control: the high- and low-water marks of a write buffer and whether the
/// writer is paused. A buffer that goes strictly above the high mark pauses (<see cref="TryPause"/>);
/// one back at or below the low mark resumes (<see cref="TryResume"/>). The owner reacts to each
/// transition: a stream writer sets or clears its drain event, a transport calls its protocol's
/// <see cref="BaseProtocol.PauseWriting"/> or <see cref="BaseProtocol.ResumeWriting"/>.
/// </summary>
/// <remarks>A mutable struct held in a field and used in place (never copied). Invariant: <c>Low ≤ High</c>, both non-negative. Loop thread only.</remarks>
internal struct WriteFlowControl
{
    /// <summary>asyncio's default high-water mark, 64 KiB (the low mark defaults to a quarter of the high one).</summary>
    public const int DefaultHigh = 64 * 1024;

    /// <summary>Makes the default marks, 64 KiB and 16 KiB, not paused.</summary>
    public WriteFlowControl()
    {
        High = DefaultHigh;
        Low = DefaultHigh / 4;
    }

    /// <summary>The high-water mark: a buffer strictly above it pauses the writer.</summary>
    public int High { readonly get; private set; }

    /// <summary>The low-water mark: a paused writer whose buffer is at or below it resumes.</summary>
    public int Low { readonly get; private set; }

    /// <summary>True while paused: between a <see cref="TryPause"/> and a <see cref="TryResume"/> that returned true, or <see cref="Reset"/>.</summary>
    public bool Paused { readonly get; private set; }

    /// <summary>Pauses if not paused and <paramref name="size"/> is above <see cref="High"/>: true when this call paused.</summary>
    public bool TryPause(int size)
    {
        if (!Paused && size > High)
        {
            Paused = true;
            return true;
        }

        return false;
    }

    /// <summary>Resumes if paused and <paramref name="size"/> is at or below <see cref="Low"/>: true when this call resumed.</summary>
    public bool TryResume(int size)
    {
        if (Paused && size <= Low)
        {
            Paused = false;
            return true;
        }

        return false;
    }

    /// <summary>Forgets a pause (the writer closed): the owner wakes its drains itself.</summary>
    public void Reset() => Paused = false;

    /// <summary>A stream or pipe writer's <c>SetWriteBufferLimits(high, low)</c>: −1 for <paramref name="low"/> means a quarter of <paramref name="high"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A mark is negative, or <paramref name="low"/> is above <paramref name="high"/>.</exception>
    public void SetLimits(int high, int low)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(high);
        if (low < 0)
        {
            low = high / 4;
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(low, high);
        High = high;
        Low = low;
    }

    /// <summary>
    /// A transport's <c>SetWriteBufferLimits(high, low)</c> (asyncio's <c>set_write_buffer_limits</c>):
    /// a missing <paramref name="high"/> is four times <paramref name="low"/> (64 KiB without either),
    /// a missing <paramref name="low"/> a quarter of the high mark.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A mark is negative, or the low mark is above the high one.</exception>
    public void SetLimits(int? high, int? low)
    {
        var h = high ?? (low is { } l ? 4 * l : DefaultHigh);
        var lo = low ?? h / 4;
        ArgumentOutOfRangeException.ThrowIfNegative(h, nameof(high));
        ArgumentOutOfRangeException.ThrowIfNegative(lo, nameof(low));
        if (lo > h)
        {
            throw new ArgumentOutOfRangeException(nameof(low), $"The low-water mark ({lo}) must not be above the high-water mark ({h}).");
        }

        High = h;
        Low = lo;
    }

    /// <summary>
    /// A transport's pause: <see cref="TryPause"/>, and when it paused, the protocol's
    /// <see cref="BaseProtocol.PauseWriting"/>, whose exception goes to the loop's exception handler (as asyncio's does).
    /// </summary>
    public void PauseProtocol(int size, BaseProtocol protocol, EventLoop loop)
    {
        if (TryPause(size))
        {
            try
            {
                protocol.PauseWriting();
            }
            catch (Exception e)
            {
                loop.CallExceptionHandler(new ExceptionContext("protocol.PauseWriting() failed") { Exception = e });
            }
        }
    }

    /// <summary>A transport's resume: <see cref="TryResume"/>, and when it resumed, the protocol's <see cref="BaseProtocol.ResumeWriting"/>, like <see cref="PauseProtocol"/>.</summary>
    public void ResumeProtocol(int size, BaseProtocol protocol, EventLoop loop)
    {
        if (TryResume(size))
        {
            try
            {
                protocol.ResumeWriting();
            }
            catch (Exception e)
            {
                loop.CallExceptionHandler(new ExceptionContext("protocol.ResumeWriting() failed") { Exception = e });
            }
        }
    }
}
