// Thrown inside the lowerer when the method uses something the machine path cannot compile
// yet; the parser turns it into CORO0009 at the node's span and emits an adapter machine over
// the builder path instead, so the program still behaves exactly as C# compiles it.
using System;
using Microsoft.CodeAnalysis;

namespace CoroGen.Generator.Lowering;

/// <summary>A construct the machine path does not compile yet.</summary>
internal sealed class LoweringNotSupportedException : Exception
{
    public LoweringNotSupportedException(SyntaxNode node, string construct)
        : base(construct)
    {
        Node = node;
        Construct = construct;
    }

    /// <summary>Where to report it.</summary>
    public SyntaxNode Node { get; }

    /// <summary>What is not supported, phrased to follow "the machine path does not support ...".</summary>
    public string Construct { get; }
}
