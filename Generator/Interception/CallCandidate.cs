// A call site seen by syntax alone: its invoked name and position. Equatable, so the
// syntax-only pass that collects these stays cheap and cached; only candidates whose name is a
// coroutine's name are bound later (InterceptorFinder.FindAll).
namespace CoroGen.Generator.Interception;

/// <summary>An invocation's simple name, file and span.</summary>
internal sealed record CallCandidate(string Name, string FilePath, int Start, int Length, int EnclosingCoroutine);
