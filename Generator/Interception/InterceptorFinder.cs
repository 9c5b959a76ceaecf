// Finds the calls to redirect. A call qualifies when the callee gets a machine, dispatch is
// static (no virtual/override/abstract: an interceptor would bypass the override), and the
// interceptor can be written: interceptors cannot be generic, so a generic coroutine (or one
// in a generic type) is intercepted per closed instantiation at the call site (a call inside
// generic code, whose type arguments are type parameters, keeps the builder path); the
// container must be reachable from a file-local class of this assembly (no private or
// protected types on the way). Anything else keeps the builder path, which behaves the same.
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

    private static bool ContainsTypeParameter(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol => true,
        IArrayTypeSymbol array => ContainsTypeParameter(array.ElementType),
        IPointerTypeSymbol pointer => ContainsTypeParameter(pointer.PointedAtType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsTypeParameter) || (named.ContainingType is { } outer && ContainsTypeParameter(outer)),
        _ => false,
    };

    public static InterceptSpec? Find(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            if (context.SemanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
                || method.IsVirtual || method.IsOverride || method.IsAbstract
                || method.TypeArguments.Any(ContainsTypeParameter)
                || CoroutineSymbols.SignatureIsNarrow(method)
                || !CoroutineSymbols.HasMachine(method))
            {
                return null;
            }

            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.TypeArguments.Any(ContainsTypeParameter)
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
                ThisModifier = method.IsStatic || method.ContainingType.IsReferenceType ? string.Empty : method.IsReadOnly ? "in " : "ref ",
                ParameterTypes = method.Parameters.Select(static p => p.Type.ToDisplayString(MachineLowerer.TypeFormat)).ToEquatableArray(),
                Factory = CoroutineSymbols.FactoryReference(method),
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
