// How big a coroutine's struct machine is (CORO0122). Inlining embeds each awaited
// coroutine's machine in its caller's, so a deep chain of awaits makes the outermost machine
// as big as the whole chain: it lives in the task box and is copied whenever a caller starts
// it. Sizes are estimates with the CLR's usual layout (fields aligned to their size, up to 8
// bytes; references and type parameters count 8), which is what a user needs to see a frame
// grow, not an exact sizeof.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using CoroGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CoroGen.Generator.Lowering;

internal static class FrameSizes
{
    /// <summary>The option (in a <c>.globalconfig</c>) that sets the limit in bytes.</summary>
    public const string LimitOption = "coro_max_frame_bytes";

    /// <summary>
    /// The limit when the option is not set: a page. The samples' largest machine is far below
    /// it; a chain of dozens of inlined awaits reaches it.
    /// </summary>
    public const int DefaultLimit = 4096;

    /// <summary>The configured limit, or <see cref="DefaultLimit"/>; 0 or less turns the check off.</summary>
    public static int Limit(AnalyzerConfigOptions options) =>
        options.TryGetValue(LimitOption, out string? text) && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int limit)
            ? limit
            : DefaultLimit;

    /// <summary>Estimated size in bytes of a field of type <paramref name="type"/>.</summary>
    public static int Of(ITypeSymbol type) => Of(type, depth: 0);

    /// <summary>Estimated size of a field the lowering names by keyword (its own bookkeeping fields).</summary>
    public static int OfKeyword(string type) => type switch
    {
        "bool" => 1,
        "int" => 4,
        _ => 8,
    };

    private static int Of(ITypeSymbol type, int depth)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte:
                return 1;
            case SpecialType.System_Char or SpecialType.System_Int16 or SpecialType.System_UInt16:
                return 2;
            case SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Single:
                return 4;
            case SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Double
                or SpecialType.System_IntPtr or SpecialType.System_UIntPtr or SpecialType.System_DateTime:
                return 8;
            case SpecialType.System_Decimal:
                return 16;
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            return Of(underlying, depth);
        }

        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Struct } structure || depth > 16)
        {
            // References, pointers, type parameters (at most a reference or a struct the
            // caller chose; counted as a reference) and anything deeper than any real layout.
            return 8;
        }

        if (WellKnown(structure, depth) is { } known)
        {
            return known;
        }

        IFieldSymbol[] fields = structure.GetMembers().OfType<IFieldSymbol>().Where(static f => !f.IsStatic && !f.IsConst).ToArray();
        if (fields.Any(static f => f.Name is "_dummy" or "_dummyPrimitive"))
        {
            // A reference assembly (what builds compile against) hides a struct's private fields
            // behind placeholders; its real size is unknown here: count a reference.
            return 8;
        }

        int offset = 0;
        int largestAlignment = 1;
        foreach (IFieldSymbol field in fields)
        {
            bool fixedBuffer = field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol;
            int elementSize = field.RefKind != RefKind.None ? 8
                : fixedBuffer ? Of(((IPointerTypeSymbol)field.Type).PointedAtType, depth + 1)
                : Of(field.Type, depth + 1);
            int size = fixedBuffer ? field.FixedSize * elementSize : elementSize;
            int alignment = AlignmentOf(elementSize);
            largestAlignment = System.Math.Max(largestAlignment, alignment);
            offset = Align(offset, alignment) + size;
        }

        // [InlineArray(n)] repeats the struct's one field n times.
        if (structure.GetAttributes().FirstOrDefault(static a => a.AttributeClass is { Name: "InlineArrayAttribute" }) is { ConstructorArguments.Length: 1 } inlineArray
            && inlineArray.ConstructorArguments[0].Value is int length)
        {
            offset *= length;
        }

        // [StructLayout(..., Size = n)] sets a minimum size (source types; metadata hides it).
        if (structure.GetAttributes().FirstOrDefault(static a => a.AttributeClass is { Name: "StructLayoutAttribute" }) is { } layout
            && layout.NamedArguments.FirstOrDefault(static a => a.Key == "Size").Value.Value is int declared)
        {
            offset = System.Math.Max(offset, declared);
        }

        return offset == 0 ? 1 : Align(offset, largestAlignment);
    }

    /// <summary>
    /// Sizes of common framework structs, which builds see through reference assemblies (whose
    /// private fields are placeholders).
    /// </summary>
    private static int? WellKnown(INamedTypeSymbol type, int depth)
    {
        string name = type.ContainingNamespace?.ToDisplayString() + "." + type.MetadataName;
        return name switch
        {
            "System.Guid" or "System.DateTimeOffset" or "System.Int128" or "System.UInt128" => 16,
            "System.TimeSpan" or "System.Threading.CancellationToken" => 8,
            "System.Half" => 2,
            "System.Numerics.Vector2" => 8,
            "System.Numerics.Vector3" => 12,
            "System.Numerics.Vector4" or "System.Numerics.Quaternion" => 16,
            "System.Runtime.Intrinsics.Vector64`1" => 8,
            "System.Runtime.Intrinsics.Vector128`1" => 16,
            "System.Runtime.Intrinsics.Vector256`1" => 32,
            "System.Runtime.Intrinsics.Vector512`1" => 64,
            "System.Threading.Tasks.ValueTask" => 16,
            "System.Threading.Tasks.ValueTask`1" => Align(8 + Of(type.TypeArguments[0], depth + 1), 8) + 8,
            "System.Nullable`1" => NullableOf(Of(type.TypeArguments[0], depth + 1)),
            _ => null,
        };
    }

    // Nullable<T>: a bool, then the value at its alignment.
    private static int NullableOf(int valueSize) => Align(AlignmentOf(valueSize) + valueSize, AlignmentOf(valueSize));

    private static int AlignmentOf(int size) => size >= 8 ? 8 : size >= 4 ? 4 : size >= 2 ? 2 : 1;

    private static int Align(int offset, int alignment) => (offset + alignment - 1) / alignment * alignment;

    /// <summary>
    /// The machines above <paramref name="limit"/>: each one's total size (own fields plus the
    /// machines it embeds; a callee awaited through a pooled box counts as a reference) and the
    /// embedded callee that contributes most.
    /// </summary>
    public static EquatableArray<Oversized> Check(ImmutableArray<FrameSpec> frames, CallGraph graph, int limit)
    {
        if (limit <= 0)
        {
            return EquatableArray<Oversized>.Empty;
        }

        var byKey = new Dictionary<string, FrameSpec>();
        foreach (FrameSpec frame in frames)
        {
            byKey[frame.Key] = frame;
        }

        var boxed = new HashSet<string>(graph.CyclicKeys);
        var totals = new Dictionary<string, int>();
        var result = new List<Oversized>();
        foreach (FrameSpec frame in byKey.Values.OrderBy(static f => f.Key, System.StringComparer.Ordinal))
        {
            int total = Total(frame.Key, byKey, boxed, totals, new HashSet<string>());
            if (total <= limit)
            {
                continue;
            }

            (string Name, int Bytes) largest = frame.Callees
                .Where(c => byKey.ContainsKey(c) && !boxed.Contains(CallGraph.EdgeKey(frame.Key, c)))
                .Select(c => (byKey[c].MethodName, Total(c, byKey, boxed, totals, new HashSet<string>())))
                .OrderByDescending(static c => c.Item2)
                .FirstOrDefault();
            result.Add(new Oversized(frame, total, limit, largest.Name, largest.Bytes));
        }

        return result.ToEquatableArray();
    }

    private static int Total(string key, Dictionary<string, FrameSpec> byKey, HashSet<string> boxed, Dictionary<string, int> totals, HashSet<string> visiting)
    {
        if (totals.TryGetValue(key, out int known))
        {
            return known;
        }

        FrameSpec frame = byKey[key];
        if (!visiting.Add(key))
        {
            // Inlined edges never form a cycle (CallGraph boxes them); stay finite regardless.
            return frame.OwnBytes;
        }

        int total = frame.OwnBytes;
        foreach (string callee in frame.Callees)
        {
            total += !byKey.ContainsKey(callee) || boxed.Contains(CallGraph.EdgeKey(key, callee))
                ? 8
                : Total(callee, byKey, boxed, totals, visiting);
        }

        totals[key] = total;
        return total;
    }

    /// <summary>A machine above the limit, as reported by CORO0122.</summary>
    internal sealed record Oversized(FrameSpec Frame, int Bytes, int Limit, string? LargestCallee, int LargestCalleeBytes);
}
