// Reads and writes of locals over a member's whole operation tree (lambdas and local functions
// included: a capture is a read). Used by the "stored but never used" rules (CORO0021, CORO0081),
// which only report a local that is assigned and never read anywhere: path-insensitive, so
// without false positives from flow, at the price of missing "some path drops it".
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers;

/// <summary>Finds which locals of a member are ever read.</summary>
internal static class LocalUsage
{
    /// <summary>The locals read somewhere under <paramref name="roots"/> (any use but being assigned).</summary>
    public static HashSet<ILocalSymbol> ReadLocals(IEnumerable<IOperation> roots)
    {
        var read = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (IOperation root in roots)
        {
            foreach (IOperation operation in root.DescendantsAndSelf())
            {
                if (operation is ILocalReferenceOperation reference && !IsWriteOnly(reference))
                {
                    read.Add(reference.Local);
                }
            }
        }

        return read;
    }

    // `x = ...`, `(x, y) = ...`, `out x`: the reference only stores into the local.
    private static bool IsWriteOnly(ILocalReferenceOperation reference)
    {
        IOperation current = reference;
        IOperation? parent = current.Parent;
        while (parent is ITupleOperation)
        {
            current = parent;
            parent = parent.Parent;
        }

        return parent switch
        {
            ISimpleAssignmentOperation assignment => assignment.Target == current,
            IDeconstructionAssignmentOperation deconstruction => deconstruction.Target == current,
            IArgumentOperation { Parameter.RefKind: RefKind.Out } => true,
            _ => false,
        };
    }
}
