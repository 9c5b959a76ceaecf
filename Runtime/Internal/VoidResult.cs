using System.ComponentModel;

namespace CoroGen.Internal;

/// <summary>
/// The result type of coroutines and tasks that produce no value. Public only because generated
/// struct machines for <c>Coro</c> methods implement <c>ICoroMachine&lt;VoidResult&gt;</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct VoidResult
{
}
