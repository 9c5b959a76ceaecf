using System.Reflection;
using CoroGen.CompilerServices;

namespace CoroGen.Tests.Infrastructure;

/// <summary>Reflection over generated code: was a coroutine's body lowered into a struct machine?</summary>
internal static class LoweredMethods
{
    /// <summary>
    /// True when <paramref name="container"/> has the generator's step method for
    /// <paramref name="method"/>: an overload of the same name taking the machine by reference
    /// (an adapter over the builder path has no step method).
    /// </summary>
    public static bool IsLowered(Type container, string method) =>
        container.GetMethods(BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            .Any(m => m.Name == method
                && m.GetParameters() is [{ ParameterType.IsByRef: true } first, ..]
                && first.ParameterType.GetElementType()!.GetInterfaces().Any(static i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICoroMachine<>)));
}
