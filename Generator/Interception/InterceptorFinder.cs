// Finds the calls to redirect. A call qualifies when the callee gets a machine, dispatch is
// static (no virtual/override/abstract: an interceptor would bypass the override), and the
// interceptor can be written: non-generic method in a non-generic class reachable from a
// file-local class of this assembly (no private or protected types on the way). Anything
// else keeps the builder path, which behaves the same.
using System.Linq;
using System.Threading;
using CoroGen.Generator.Lowering;
using CoroGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoroGen.Generator.Interception;

/// <summary>Turns an invocation into an <see cref="InterceptSpec"/> when it can be redirected.</summary>
internal static class InterceptorFinder
{
    /// <summary>The namespace of the generated interceptors, which the project must list in <c>InterceptorsNamespaces</c>.</summary>
    public const string Namespace = "CoroGen.Generated";

    /// <summary>Cheap syntactic filter: a call by simple or member name.</summary>
    public static bool IsCandidate(SyntaxNode node) =>
        node is InvocationExpressionSyntax { Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: not BaseExpressionSyntax } };

    /// <summary>True when the project enabled interceptors in <see cref="Namespace"/>.</summary>
    public static bool IsEnabled(ParseOptions options) =>
        options is CSharpParseOptions parse
        && (parse.Features.TryGetValue("InterceptorsNamespaces", out string? namespaces) || parse.Features.TryGetValue("InterceptorsPreviewNamespaces", out namespaces))
        && namespaces.Split(';').Any(static n => n.Trim() == Namespace);

    public static InterceptSpec? Find(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            if (context.SemanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
                || method.IsGenericMethod || method.IsVirtual || method.IsOverride || method.IsAbstract
                || CoroutineSymbols.SignatureIsNarrow(method)
                || !CoroutineSymbols.HasMachine(method))
            {
                return null;
            }

            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsGenericType || type.TypeKind != TypeKind.Class && !method.IsStatic
                    || type.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal or Accessibility.NotApplicable))
                {
                    return null;
                }
            }

#pragma warning disable RSEXPERIMENTAL002 // The interceptable-location API is the supported way to write InterceptsLocation.
            if (context.SemanticModel.GetInterceptableLocation(invocation, cancellationToken) is not { } location)
            {
                return null;
            }

            return new InterceptSpec
            {
                MethodKey = CoroutineSymbols.Key(method),
                ReturnType = method.ReturnType.ToDisplayString(MachineLowerer.TypeFormat),
                ThisType = method.IsStatic ? null : method.ContainingType.ToDisplayString(MachineLowerer.TypeFormat),
                ParameterTypes = method.Parameters.Select(static p => p.Type.ToDisplayString(MachineLowerer.TypeFormat)).ToEquatableArray(),
                Factory = method.ContainingType.ToDisplayString(MachineLowerer.TypeFormat) + "." + CoroutineSymbols.FactoryName(method),
                LocationVersion = location.Version,
                LocationData = location.Data,
            };
#pragma warning restore RSEXPERIMENTAL002
        }
        catch (System.Exception exception) when (exception is not System.OperationCanceledException)
        {
            // Half-typed code: keep the builder path.
            return null;
        }
    }
}
