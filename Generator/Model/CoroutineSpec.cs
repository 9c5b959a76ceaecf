// One [Coroutine] method as the emitter needs it. Invariants: holds only strings, bools and
// equatable arrays of other specs (no Roslyn objects), every type name is fully qualified
// with global:: and carries its nullable annotations, every identifier is already escaped
// (@class), and nothing here depends on positions in the file, so editing the body of a
// method, or code around it, leaves the spec equal and the output cached.
namespace CoroGen.Generator.Model;

/// <summary>A coroutine method ready for emission.</summary>
internal sealed record CoroutineSpec
{
    /// <summary>Deterministic, unique hint name of the generated file (ends in <c>.g.cs</c>).</summary>
    public required string HintName { get; init; }

    /// <summary>The containing namespace, or an empty string for the global namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The enclosing types, outermost first; never empty.</summary>
    public required EquatableArray<ContainingTypeSpec> ContainingTypes { get; init; }

    /// <summary>The user's modifiers in source order, without <c>async</c> and <c>partial</c>.</summary>
    public required EquatableArray<string> Modifiers { get; init; }

    /// <summary>The return type, e.g. <c>global::CoroGen.Coro&lt;int&gt;</c>.</summary>
    public required string ReturnType { get; init; }

    /// <summary>The method name, escaped.</summary>
    public required string Name { get; init; }

    /// <summary>The method's type parameters.</summary>
    public required EquatableArray<TypeParameterSpec> TypeParameters { get; init; }

    /// <summary>The method's parameters.</summary>
    public required EquatableArray<ParameterSpec> Parameters { get; init; }

    /// <summary>
    /// Whether nullable annotations are enabled at the user's declaration. When they are not,
    /// the defining part is emitted under <c>#nullable disable</c> so both parts agree.
    /// </summary>
    public required bool NullableAnnotations { get; init; }

    /// <summary>The struct machine (lowered, or an adapter over the builder path); null when the method cannot have one.</summary>
    public required MachineSpec? Machine { get; init; }
}
