// Finds the calls to redirect. A call qualifies when the callee gets a machine, dispatch is
// static (no virtual/override/abstract: an interceptor would bypass the override), and the
// interceptor can be written: interceptors cannot be generic, so a generic coroutine (or one
// in a generic type) is intercepted per closed instantiation at the call site (a call inside
// generic code, whose type arguments are type parameters, keeps the builder path); the
// container must be reachable from a file-local class of this assembly (no private or
// protected types on the way). Anything else keeps the builder path, which behaves the same.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CoroGen.Generator.Lowering;
using CoroGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CoroGen.Generator.Interception;

/// <summary>Turns an invocation into an <see cref="InterceptSpec"/> when it can be redirected.</summary>
internal static class InterceptorFinder
{
    /// <summary>The namespace of the generated interceptors, which the project must list in <c>InterceptorsNamespaces</c>.</summary>
    public const string Namespace = "CoroGen.Generated";

    /// <summary>
    /// Cheap syntactic filter: a call by simple or member name.
    /// </summary>
    public static bool IsCandidate(SyntaxNode node) =>
        node is InvocationExpressionSyntax { Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: not BaseExpressionSyntax } };

    /// <summary>
    /// Where the coroutine whose body contains <paramref name="node"/> is declared (its name's
    /// start), or -1 outside coroutine bodies.
    /// </summary>
    private static int EnclosingCoroutine(SyntaxNode node)
    {
        for (SyntaxNode? n = node.Parent; n is not null; n = n.Parent)
        {
            if (n is MethodDeclarationSyntax method)
            {
                return method.Modifiers.Any(SyntaxKind.PartialKeyword)
                    && method.AttributeLists.Any(static list => list.Attributes.Any(static a => IsCoroutineAttributeName(a.Name)))
                    ? method.Identifier.SpanStart
                    : -1;
            }

            if (n is TypeDeclarationSyntax)
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>The key of a coroutine that runs its builder-path body, as <see cref="FindAll"/> matches it.</summary>
    public static string BuilderPathSite(string filePath, int identifierStart) =>
        filePath + "\u0002" + identifierStart.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // By syntax, so an alias (`using Co = CoroGen.CoroutineAttribute;`) is missed: such a call
    // is bound and intercepted, which is harmless.
    private static bool IsCoroutineAttributeName(NameSyntax name)
    {
        string identifier = name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => string.Empty,
        };
        return identifier is "Coroutine" or "CoroutineAttribute";
    }

    /// <summary>True when the project enabled interceptors in <see cref="Namespace"/>.</summary>
    public static bool IsEnabled(ParseOptions options) =>
        options is CSharpParseOptions parse
        && (parse.Features.TryGetValue("InterceptorsNamespaces", out string? namespaces) || parse.Features.TryGetValue("InterceptorsPreviewNamespaces", out namespaces))
        && namespaces.Split(';').Any(static n => n.Trim() == Namespace);

    /// <summary>True for a type parameter or an anonymous type anywhere in the type: neither can be named in a (non-generic) interceptor.</summary>
    private static bool ContainsTypeParameter(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol => true,
        { IsAnonymousType: true } => true,
        IArrayTypeSymbol array => ContainsTypeParameter(array.ElementType),
        IPointerTypeSymbol pointer => ContainsTypeParameter(pointer.PointedAtType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsTypeParameter) || (named.ContainingType is { } outer && ContainsTypeParameter(outer)),
        _ => false,
    };

    /// <summary>A call as plain data: the invoked name and where it is (no semantic work).</summary>
    public static CallCandidate Candidate(SyntaxNode node)
    {
        var invocation = (InvocationExpressionSyntax)node;
        string name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => string.Empty,
        };
        return new CallCandidate(name, node.SyntaxTree.FilePath, node.Span.Start, node.Span.Length, EnclosingCoroutine(node));
    }

    /// <summary>
    /// Binds only the calls whose name is a coroutine's name: binding every call of the project
    /// would repeat a good part of the compiler's own work on every build and keystroke. A call
    /// inside a lowered coroutine is skipped: the lowering compiles it (inlined or boxed), and
    /// the body's builder-path copy runs only when the method is reached through a delegate or
    /// reflection; binding it would bind every coroutine body a second time. Calls inside the
    /// coroutines listed in <paramref name="builderPathSites"/> (CORO0009) are redirected.
    /// </summary>
    public static EquatableArray<InterceptSpec> FindAll(ImmutableArray<CallCandidate> candidates, EquatableArray<string> coroutineNames, EquatableArray<string> builderPathSites, Compilation compilation, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(coroutineNames);
        var builderPath = new HashSet<string>(builderPathSites);
        var models = new Dictionary<string, SemanticModel?>();
        var sites = new List<InterceptSpec>();
        foreach (CallCandidate candidate in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!names.Contains(candidate.Name)
                || (candidate.EnclosingCoroutine >= 0 && !builderPath.Contains(BuilderPathSite(candidate.FilePath, candidate.EnclosingCoroutine))))
            {
                continue;
            }

            if (!models.TryGetValue(candidate.FilePath, out SemanticModel? model))
            {
                SyntaxTree[] trees = compilation.SyntaxTrees.Where(t => t.FilePath == candidate.FilePath).Take(2).ToArray();
                model = trees.Length == 1 ? FlowFreeSemanticModel.Create(compilation, trees[0]) : null;
                models[candidate.FilePath] = model;
            }

            if (model?.SyntaxTree.GetRoot(cancellationToken).FindNode(new TextSpan(candidate.Start, candidate.Length), getInnermostNodeForTie: true)
                    .AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(n => n.Span.Start == candidate.Start && n.Span.Length == candidate.Length) is { } invocation
                && Find(invocation, model, cancellationToken) is { } site)
            {
                sites.Add(site);
            }
        }

        return sites.ToEquatableArray();
    }

    private static InterceptSpec? Find(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        try
        {
            if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
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
            if (model.GetInterceptableLocation(invocation, cancellationToken) is not { } location)
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
