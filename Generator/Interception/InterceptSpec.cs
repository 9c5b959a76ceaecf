// One redirected call site: a call of a [Coroutine] method from code the generator does not
// own, which an interceptor turns into the machine path. Invariants: equatable data only;
// everything the interceptor's signature needs is fully qualified, so sites of one method
// produce equal signatures and share one interceptor.
using CoroGen.Generator.Model;

namespace CoroGen.Generator.Interception;

/// <summary>A call site of a coroutine, and the interceptor that starts its machine instead.</summary>
internal sealed record InterceptSpec
{
    /// <summary>The coroutine's call-graph key (of its generic definition).</summary>
    public required string MethodKey { get; init; }

    /// <summary>The coroutine's return type (<c>global::CoroGen.Coro</c> or <c>Coro&lt;T&gt;</c>).</summary>
    public required string ReturnType { get; init; }

    /// <summary>The receiver type for an instance coroutine (a class), or null when static.</summary>
    public required string? ThisType { get; init; }

    /// <summary><c>ref </c> or <c>in </c> for a struct receiver, else empty.</summary>
    public required string ThisModifier { get; init; }

    /// <summary>Parameter types in order.</summary>
    public required EquatableArray<string> ParameterTypes { get; init; }

    /// <summary>The interceptor's signature: sites of the same closed coroutine share one interceptor.</summary>
    public string Signature => ReturnType + " " + ThisModifier + ThisType + "(" + string.Join(",", ParameterTypes) + ")" + Factory;

    /// <summary>The coroutine's factory with type arguments (<c>global::N.C&lt;int&gt;.__M_Start&lt;string&gt;</c>), which starts its machine in a pooled box.</summary>
    public required string Factory { get; init; }

    /// <summary>The interceptable location's version.</summary>
    public required int LocationVersion { get; init; }

    /// <summary>The interceptable location's encoded data.</summary>
    public required string LocationData { get; init; }
}
