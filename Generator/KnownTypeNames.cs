// Metadata names of the Runtime types the generator and the analyzers recognise.
// This file is compiled into both Generator and Analyzers (linked), so the two can never
// disagree about what a coroutine is. A test checks each name against typeof(...).FullName.
namespace CoroGen;

/// <summary>Fully qualified metadata names of CoroGen runtime types.</summary>
internal static class KnownTypeNames
{
    /// <summary>The namespace every CoroGen runtime type lives in.</summary>
    public const string RuntimeNamespace = "CoroGen";

    /// <summary><c>[Coroutine]</c>, which marks a method for the coroutine compiler.</summary>
    public const string CoroutineAttribute = "CoroGen.CoroutineAttribute";

    /// <summary>The non-generic task-like <c>Coro</c>.</summary>
    public const string Coro = "CoroGen.Coro";

    /// <summary>The generic task-like <c>Coro&lt;T&gt;</c>.</summary>
    public const string CoroOfT = "CoroGen.Coro`1";
}
