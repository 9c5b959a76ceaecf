using System.ComponentModel;

namespace CoroGen.CompilerServices;

/// <summary>Pattern helpers for generated machines, whose pattern variables live in struct fields.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MachinePatterns
{
    /// <summary><c>value is T result</c>, for a <paramref name="result"/> that is a machine field.</summary>
    public static bool Is<TValue, T>(TValue value, out T result)
    {
        if (value is T matched)
        {
            result = matched;
            return true;
        }

        result = default!;
        return false;
    }

    /// <summary>Assigns <paramref name="value"/> to a machine field inside an exception filter and returns true.</summary>
    public static bool Assign<T>(out T target, T value)
    {
        target = value;
        return true;
    }
}
