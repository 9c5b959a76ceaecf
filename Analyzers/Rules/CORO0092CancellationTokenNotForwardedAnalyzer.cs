// CORO0092: inside a coroutine that takes a CancellationToken parameter, a call that could take
// the token does not get it (CA2016 analog): the target has an optional CancellationToken
// parameter left to its default, or an overload in the same type with the same parameters plus
// one trailing CancellationToken. Reported only when exactly one CancellationToken parameter is
// in scope (the coroutine's own, plus those of the functions around it), so the fix is
// unambiguous, and not when the call already passes some CancellationToken.
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a call in a coroutine that could be given the coroutine's <c>CancellationToken</c> parameter but is not.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0092CancellationTokenNotForwardedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property: the name of the token parameter to pass.</summary>
    public const string TokenProperty = "Token";

    /// <summary>Property: the name of the target's CancellationToken parameter.</summary>
    public const string ParameterProperty = "Parameter";

    /// <summary>Property set when the token goes to an overload with a trailing CancellationToken (appended positionally if possible).</summary>
    public const string OverloadProperty = "Overload";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.CancellationTokenNotForwarded,
        title: "CancellationToken not forwarded",
        messageFormat: "'{0}' can take a CancellationToken; forward '{1}' so that the call stops when the coroutine's caller cancels",
        category: DiagnosticCategories.Cancellation,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A coroutine that takes a CancellationToken should pass it to the calls that accept one; otherwise they keep running after the token is cancelled.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.CancellationTokenNotForwarded));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            KnownTypes? types = KnownTypes.TryCreate(start.Compilation);
            INamedTypeSymbol? token = start.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            if (types is null || token is null)
            {
                return;
            }

            start.RegisterOperationAction(context => Analyze(context, types, token), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types, INamedTypeSymbol token)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        if (!LoopContext.IsInCoroutine(invocation, context.ContainingSymbol, types)
            || invocation.Arguments.Any(a => !a.IsImplicit && SymbolEqualityComparer.Default.Equals(a.Value.Type, token))
            || TokenInScope(invocation, context.ContainingSymbol, token) is not { } parameter)
        {
            return;
        }

        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(TokenProperty, parameter.Name);
        if (invocation.Arguments.FirstOrDefault(a => a.ArgumentKind == ArgumentKind.DefaultValue && SymbolEqualityComparer.Default.Equals(a.Parameter?.Type, token)) is { Parameter: { } optional })
        {
            properties = properties.Add(ParameterProperty, optional.Name);
        }
        else if (TokenOverload(method, token) is { } overload)
        {
            properties = properties.Add(ParameterProperty, overload.Parameters[overload.Parameters.Length - 1].Name).Add(OverloadProperty, "true");
        }
        else
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, method.Name, parameter.Name));
    }

    // The only CancellationToken parameter of the functions around the invocation, or null (none or several).
    private static IParameterSymbol? TokenInScope(IOperation operation, ISymbol containingSymbol, INamedTypeSymbol token)
    {
        IParameterSymbol? found = null;
        int count = 0;
        void Collect(IMethodSymbol? function)
        {
            if (function is null)
            {
                return;
            }

            foreach (IParameterSymbol parameter in function.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, token) && parameter.RefKind == RefKind.None)
                {
                    found = parameter;
                    count++;
                }
            }
        }

        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    Collect(lambda.Symbol);
                    break;
                case ILocalFunctionOperation local:
                    Collect(local.Symbol);
                    break;
            }
        }

        Collect(containingSymbol as IMethodSymbol);
        return count == 1 ? found : null;
    }

    // An overload in the same type: same name, static-ness and parameters, plus a trailing CancellationToken.
    private static IMethodSymbol? TokenOverload(IMethodSymbol method, INamedTypeSymbol token)
    {
        IMethodSymbol original = method.OriginalDefinition;
        foreach (ISymbol member in original.ContainingType.GetMembers(original.Name))
        {
            if (member is IMethodSymbol candidate
                && candidate.IsStatic == original.IsStatic
                && candidate.Arity == original.Arity
                && candidate.Parameters.Length == original.Parameters.Length + 1
                && SymbolEqualityComparer.Default.Equals(candidate.Parameters[original.Parameters.Length].Type, token)
                && !IsObsolete(candidate)
                && SameParameters(candidate, original))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool SameType(ITypeSymbol a, ITypeSymbol b) =>
        a is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } pa && b is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } pb
            ? pa.Ordinal == pb.Ordinal
            : SymbolEqualityComparer.Default.Equals(a, b);

    private static bool SameParameters(IMethodSymbol candidate, IMethodSymbol original)
    {
        for (int i = 0; i < original.Parameters.Length; i++)
        {
            if (candidate.Parameters[i].RefKind != original.Parameters[i].RefKind || !SameType(candidate.Parameters[i].Type, original.Parameters[i].Type))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsObsolete(ISymbol symbol) =>
        symbol.GetAttributes().Any(static a => a.AttributeClass is { Name: "ObsoleteAttribute", ContainingNamespace.Name: "System" });
}
