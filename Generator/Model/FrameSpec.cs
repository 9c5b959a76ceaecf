// The size facts of one coroutine's struct machine, for CORO0122. Invariants: equatable data
// only; the location is a file, line and column (the step body's #line directives already hold
// the line), so an edit elsewhere that keeps the method where it is leaves this equal.
namespace CoroGen.Generator.Model;

/// <summary>The machine's own bytes and the coroutines whose machines it embeds.</summary>
internal sealed record FrameSpec
{
    /// <summary>The coroutine's call-graph key (<see cref="MachineSpec.Key"/>).</summary>
    public required string Key { get; init; }

    /// <summary>The method's name, for the message and to find it again on its line.</summary>
    public required string MethodName { get; init; }

    /// <summary>Estimated bytes of the machine's own fields (state, result, parameters, hoisted locals, temps, awaiters).</summary>
    public required int OwnBytes { get; init; }

    /// <summary>Keys of the coroutines awaited inline (each embedded once, as one field).</summary>
    public required EquatableArray<string> Callees { get; init; }

    /// <summary>The file of the method.</summary>
    public required string FilePath { get; init; }

    /// <summary>The zero-based line of the method's name.</summary>
    public required int Line { get; init; }

    /// <summary>The zero-based column of the method's name (overloads may share a line).</summary>
    public required int Column { get; init; }
}
