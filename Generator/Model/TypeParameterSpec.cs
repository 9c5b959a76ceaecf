// A type parameter of a coroutine or of an enclosing type, with its constraint clause.
namespace CoroGen.Generator.Model;

/// <summary>A type parameter.</summary>
internal sealed record TypeParameterSpec
{
    /// <summary>The name, escaped.</summary>
    public required string Name { get; init; }

    /// <summary><c>in </c>, <c>out </c> or empty (variance of interface type parameters).</summary>
    public required string Variance { get; init; }

    /// <summary>The constraints after <c>where T :</c>, e.g. <c>class, new()</c>; empty when unconstrained.</summary>
    public required string Constraints { get; init; }
}
