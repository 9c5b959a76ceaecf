// A parameter of a coroutine as it must appear on the defining part.
namespace CoroGen.Generator.Model;

/// <summary>A method parameter.</summary>
internal sealed record ParameterSpec
{
    /// <summary>Modifiers in source order (<c>this</c>, <c>scoped</c>, <c>params</c>), each followed by a space.</summary>
    public required string Modifiers { get; init; }

    /// <summary>The fully qualified type with nullable annotations.</summary>
    public required string Type { get; init; }

    /// <summary>The name, escaped.</summary>
    public required string Name { get; init; }

    /// <summary>The default value as a C# expression, or null when the parameter is required.</summary>
    public required string? DefaultValue { get; init; }
}
