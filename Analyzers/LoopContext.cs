// "Loop context" (ANALYZERS.md §5 principles): code that runs on the event loop thread. Here:
// the body of the innermost function around an operation, when that function is a coroutine
// (async, returning Coro/Coro<T>). A non-async lambda inside a coroutine is not loop context:
// it may run elsewhere (Coro.ToThread(() => Thread.Sleep(10)) is the point of ToThread).
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers;

/// <summary>Finds the function an operation runs in.</summary>
internal static class LoopContext
{
    /// <summary>
    /// The innermost method, local function or lambda whose body contains
    /// <paramref name="operation"/>; <paramref name="containingSymbol"/> is the analysis
    /// context's containing symbol (the member whose body is analysed).
    /// </summary>
    public static IMethodSymbol? EnclosingFunction(IOperation operation, ISymbol containingSymbol)
    {
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol;
                case ILocalFunctionOperation local:
                    return local.Symbol;
            }
        }

        return containingSymbol as IMethodSymbol;
    }

    /// <summary>Whether <paramref name="operation"/> runs on the event loop (in a coroutine body).</summary>
    public static bool IsInCoroutine(IOperation operation, ISymbol containingSymbol, KnownTypes types) =>
        types.IsCoroutine(EnclosingFunction(operation, containingSymbol));

    /// <summary>Strips implicit conversions and parentheses from <paramref name="operation"/>.</summary>
    public static IOperation WalkDownConversions(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation { IsImplicit: true } conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>
    /// The value an expression statement drops, or <see langword="null"/>: the statement's own
    /// expression, or the right side of a discard assignment <c>_ = value</c>.
    /// </summary>
    public static IOperation? DroppedValue(IExpressionStatementOperation statement)
    {
        IOperation expression = statement.Operation;
        if (expression is ISimpleAssignmentOperation { Target: IDiscardOperation } discard)
        {
            return WalkDownConversions(discard.Value);
        }

        return expression;
    }

    /// <summary>
    /// The invocation producing a dropped value, looking through <c>?.</c>: for
    /// <c>x?.M()</c> the <c>M()</c> invocation.
    /// </summary>
    public static IInvocationOperation? DroppedInvocation(IOperation? dropped, out bool conditional)
    {
        conditional = false;
        while (dropped is IConditionalAccessOperation access)
        {
            conditional = true;
            dropped = WalkDownConversions(access.WhenNotNull);
        }

        return dropped as IInvocationOperation;
    }
}
