// Calls to other [Coroutine] methods. Awaited: the callee's machine becomes a field of this
// machine (inlined, no allocation) unless the call graph puts the edge in a cycle or the
// callee's machine is private to another type, decided at emission (see CalleeSiteSpec); then
// the callee's factory starts it in a pooled box. Not awaited (handed to Spawn, Gather,
// stored): the factory, always. Either way the receiver and arguments are evaluated once, in
// C#'s order, before the callee starts, exactly as the call would.
using System.Globalization;
using System.Linq;
using CoroGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoroGen.Generator.Lowering;

internal sealed partial class MachineLowerer
{
    /// <summary>The constructor call of the callee's machine for <paramref name="invocation"/>, or null when it cannot be built.</summary>
    private (string Construction, string Factory, IMethodSymbol Callee)? MachineConstruction(InvocationExpressionSyntax invocation)
    {
        if (_model.GetSymbolInfo(invocation, _cancellationToken).Symbol is not IMethodSymbol callee
            || !CoroutineSymbols.HasMachine(callee)
            || callee.IsVirtual || callee.IsOverride || callee.IsAbstract
            || invocation.ArgumentList.Arguments.Count != callee.Parameters.Length
            || invocation.ArgumentList.Arguments.Any(static a => a.NameColon is not null || a.RefKindKeyword.RawKind != 0)
            || callee.Parameters.Any(static p => p.IsParams)
            || callee.TypeArguments.Any(ContainsAnonymous) || ContainsAnonymous(callee.ContainingType))
        {
            // (An anonymous type argument cannot be named in the machine's type.)
            return null;
        }

        var arguments = new System.Collections.Generic.List<string>();
        if (!callee.IsStatic)
        {
            switch (invocation.Expression)
            {
                case MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax }:
                    return null;
                case MemberAccessExpressionSyntax memberAccess when memberAccess.IsKind(SyntaxKind.SimpleMemberAccessExpression):
                    // Calling an instance method on null throws at the call, before the coroutine
                    // exists, even when it is not awaited (corpus: NullReceiverSpawned).
                    arguments.Add(callee.ContainingType.IsReferenceType && memberAccess.Expression is not ThisExpressionSyntax
                        ? $"({Rewrite(memberAccess.Expression)} ?? throw new global::System.NullReferenceException())"
                        : Rewrite(memberAccess.Expression));
                    break;
                case IdentifierNameSyntax or GenericNameSyntax:
                    arguments.Add("this");
                    break;
                default:
                    return null;
            }
        }

        arguments.AddRange(invocation.ArgumentList.Arguments.Select(a => Rewrite(a.Expression)));
        return ($"new {CoroutineSymbols.MachineTypeReference(callee)}({string.Join(", ", arguments)})", CoroutineSymbols.FactoryCall(callee, arguments), callee);
    }

    /// <summary><c>await Callee(...)</c> of a coroutine with a machine: an inline (or, in a cycle, boxed) site.</summary>
    private bool TryEmitInlinedCall(AwaitExpressionSyntax await, string? target)
    {
        if (Unparenthesize(await.Expression) is not InvocationExpressionSyntax invocation
            || MachineConstruction(invocation) is not { } construction)
        {
            return false;
        }

        IMethodSymbol callee = construction.Callee;
        if (CoroutineSymbols.InvolvesNonInternalType(callee.ContainingType) || callee.TypeArguments.Any(CoroutineSymbols.InvolvesNonInternalType))
        {
            // The callee's machine cannot be a field of this (internal) machine: await its
            // machine-backed Coro instead, through the awaiter path (corpus: AwaitPrivateNestedCoroutine).
            return false;
        }

        string resultType = CoroutineSymbols.ResultType(callee);
        bool returnsVoid = callee.ReturnType is INamedTypeSymbol { IsGenericType: false };
        string marker = "\u0001SITE" + _sites.Count.ToString(CultureInfo.InvariantCulture) + "\u0001";

        // Awaited callees run one at a time: sites of the same callee share its field (the
        // inline-or-boxed decision is per callee, so the field's type is the same too).
        string calleeKey = CoroutineSymbols.Key(callee) + "<" + string.Join(",", callee.TypeArguments.Select(static t => t.ToDisplayString())) + ">";
        if (!_calleeFields.TryGetValue(calleeKey, out string? field))
        {
            // The inlined machine's size is the callee's, which the call graph adds (FrameSizes).
            field = AddField(marker, "__c" + _calleeFields.Count.ToString(CultureInfo.InvariantCulture), bytes: 0);
            _calleeFields[calleeKey] = field;
        }

        int state = _states + 1;
        string resume = NewLabel("resume");
        string stateText = state.ToString(CultureInfo.InvariantCulture);
        string machineType = CoroutineSymbols.MachineTypeReference(callee);
        string assignResult(string value) => target is null ? string.Empty : $"\n{target} = {value};";

        // The catch-and-rethrow ends .NET's first exception pass at the call, as the callee's own
        // builder would: the callee's finally blocks run before this method's catch filters see
        // its exception (corpus: ParentFilterAndChildFinallyOrder; without it the filters ran first).
        string inline =
            $"{M}.{field} = {construction.Construction};\n" +
            $"{resume}:\n" +
            $"{M}.__state = -1;\n" +
            "try\n" +
            "{\n" +
            $"    if (!{M}.{field}.MoveNext({Task}))\n" +
            "    {\n" +
            $"        {M}.__state = {stateText};\n" +
            "        return false;\n" +
            "    }\n" +
            "}\n" +
            "catch (global::System.Exception)\n" +
            "{\n" +
            "    throw;\n" +
            "}\n" +
            assignResult($"{M}.{field}.Result").TrimStart('\n') + (target is null ? string.Empty : "\n") +
            $"{M}.{field} = default;";

        string create = construction.Factory;
        string boxed =
            $"{M}.{field} = {create}.GetAwaiter();\n" +
            $"if (!{M}.{field}.IsCompleted)\n" +
            "{\n" +
            $"    {M}.__state = {stateText};\n" +
            $"    {M}.{field}.Suspend({Task});\n" +
            "    return false;\n" +
            "}\n" +
            $"{resume}:\n" +
            $"{M}.__state = -1;\n" +
            (target is null ? $"{M}.{field}.GetResult();\n" : $"{target} = {M}.{field}.GetResult();\n") +
            $"{M}.{field} = default;";

        _sites.Add(new CalleeSiteSpec
        {
            Marker = marker,
            CalleeKey = CoroutineSymbols.Key(callee),
            InlineFieldType = machineType,
            InlineCode = inline,
            BoxedFieldType = returnsVoid ? "global::CoroGen.Coro.Awaiter" : $"global::CoroGen.Coro<{resultType}>.Awaiter",
            BoxedCode = boxed,
        });

        NewState(resume);
        Emit(marker);
        return true;
    }

    /// <summary>A coroutine call that is not awaited here: the callee's machine in a pooled box.</summary>
    private string? BoxedCall(InvocationExpressionSyntax invocation)
    {
        if (MachineConstruction(invocation) is not { } construction)
        {
            return null;
        }

        return construction.Factory;
    }
}
