namespace CoroGen.Internal;

/// <summary>The result type of coroutines and tasks that produce no value.</summary>
internal readonly struct VoidResult
{
}
