namespace CoroGen;

/// <summary>
/// Marks an <c>async partial</c> method returning <see cref="Coro"/> or <see cref="Coro{T}"/> as a
/// coroutine. The CoroGen generator writes the method's defining declaration (and, as the
/// compiler grows, its allocation-free state machine); the C# compiler lowers the body through
/// CoroGen's pooled method builder in the meantime.
/// </summary>
/// <example>
/// <code>
/// [Coroutine]
/// private static async partial Coro&lt;int&gt; Answer()
/// {
///     await Coro.Sleep(0);
///     return 42;
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CoroutineAttribute : Attribute
{
}
