// One enclosing type of a coroutine, enough to re-declare it as another partial part.
namespace CoroGen.Generator.Model;

/// <summary>An enclosing partial type.</summary>
internal sealed record ContainingTypeSpec
{
    /// <summary>Modifiers every part must repeat or that matter to the part (<c>readonly</c>, <c>ref</c>, <c>unsafe</c>).</summary>
    public required EquatableArray<string> Modifiers { get; init; }

    /// <summary><c>class</c>, <c>struct</c>, <c>interface</c>, <c>record</c> or <c>record struct</c>.</summary>
    public required string Keyword { get; init; }

    /// <summary>The type name, escaped, without type parameters.</summary>
    public required string Name { get; init; }

    /// <summary>The type's own type parameters (not those of enclosing types).</summary>
    public required EquatableArray<TypeParameterSpec> TypeParameters { get; init; }
}
