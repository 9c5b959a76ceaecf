// The lowered struct machine of one coroutine, as text plus the few facts emission still
// needs. Invariants: only strings, bools and equatable arrays; the step body and field list
// are final C# except for callee-site markers (CalleeSiteSpec.Marker), which emission replaces
// with the inline or the boxed form once the call graph says whether the edge is in a cycle.
namespace CoroGen.Generator.Model;

/// <summary>The machine-path part of a coroutine: its struct machine and step method.</summary>
internal sealed record MachineSpec
{
    /// <summary>The machine struct's name (without type parameters), unique in its containing type.</summary>
    public required string MachineName { get; init; }

    /// <summary>The step method's name.</summary>
    public required string StepName { get; init; }

    /// <summary>This coroutine's node id in the call graph.</summary>
    public required string Key { get; init; }

    /// <summary>The type argument of <c>ICoroMachine&lt;T&gt;</c>.</summary>
    public required string ResultType { get; init; }

    /// <summary>True for a <c>Coro</c> method (no value).</summary>
    public required bool ReturnsVoid { get; init; }

    /// <summary>The containing type as it appears in the machine's <c>__this</c> field, or null for a static coroutine.</summary>
    public required string? ThisType { get; init; }

    /// <summary>True when the machine struct must be private (a field or the signature uses a private or protected type).</summary>
    public required bool IsPrivate { get; init; }

    /// <summary>True when the factory must be private (the signature uses a private or protected type).</summary>
    public required bool FactoryIsPrivate { get; init; }

    /// <summary>True when <c>__this</c> is a reference (a class), so a null receiver throws at the call.</summary>
    public required bool ThisIsReference { get; init; }

    /// <summary>The factory's name.</summary>
    public required string FactoryName { get; init; }

    /// <summary>The containing type's id: machines private to it can still be inlined by its own coroutines.</summary>
    public required string ContainerKey { get; init; }

    /// <summary>True when the body was lowered; false for an adapter over the builder path.</summary>
    public required bool Lowered { get; init; }

    /// <summary>Hoisted fields, <c>type name</c> pairs.</summary>
    public required EquatableArray<FieldSpec> Fields { get; init; }

    /// <summary>The members of the closure class lambdas capture through, or null when no lambda captures machine state.</summary>
    public required string? ClosureText { get; init; }

    /// <summary>The closure class's name.</summary>
    public required string ClosureName { get; init; }

    /// <summary>The step method's body (lowered) or empty for an adapter.</summary>
    public required string StepBody { get; init; }

    /// <summary>Awaits of other <c>[Coroutine]</c> methods whose machines could be inlined.</summary>
    public required EquatableArray<CalleeSiteSpec> CalleeSites { get; init; }

    /// <summary>The user's file-level using directives, to bind copied statements as in the user's file.</summary>
    public required EquatableArray<string> Usings { get; init; }

    /// <summary>The using directives inside the user's namespace declarations.</summary>
    public required EquatableArray<string> NamespaceUsings { get; init; }
}

/// <summary>A hoisted field of a machine.</summary>
internal sealed record FieldSpec(string Type, string Name);

/// <summary>
/// One <c>await Callee(...)</c> of another <c>[Coroutine]</c>: the callee's machine is inlined as
/// a field unless the edge is part of a call cycle (a struct cannot contain itself), in which
/// case it runs in a pooled box.
/// </summary>
internal sealed record CalleeSiteSpec
{
    /// <summary>The text in the step body and field list this site's code replaces.</summary>
    public required string Marker { get; init; }

    /// <summary>The callee's node id in the call graph.</summary>
    public required string CalleeKey { get; init; }

    /// <summary>The field declaration type when inlined.</summary>
    public required string InlineFieldType { get; init; }

    /// <summary>The code when inlined.</summary>
    public required string InlineCode { get; init; }

    /// <summary>The field declaration type when boxed.</summary>
    public required string BoxedFieldType { get; init; }

    /// <summary>The code when boxed.</summary>
    public required string BoxedCode { get; init; }
}
