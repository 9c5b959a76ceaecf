// CORO0041: a synchronous call in a coroutine whose API also offers an awaitable sibling
// (VSTHRD103, CA1849, MA0042). The sibling is `<Name>Async` on the receiver's type (or its base
// types and interfaces), an extension method in scope on the receiver, or, for a static call, a
// static `<Name>Async` of the same type. Its parameters must equal the call's, in order, allowing
// extra trailing parameters that are a CancellationToken or optional; it must return
// Task/ValueTask/Coro (generic with the same result when the call returns a value); it must not
// be obsolete and not be the function being analysed. Members CORO0040 reports (the blocking
// list) and Dispose (CORO0042) are left to those rules. Calls on in-memory readers and writers
// (MemoryStream, StringReader, StringWriter), whose async forms complete synchronously, and
// CancellationTokenSource.Cancel (CancelAsync runs the callbacks off the loop thread) are skipped.
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a synchronous call in a coroutine that has an awaitable <c>...Async</c> sibling.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0041SyncMemberWithAsyncSiblingAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the name of the awaitable sibling.</summary>
    public const string SiblingProperty = "Sibling";

    /// <summary>
    /// Diagnostic property, present when the fix appends a <c>CancellationToken</c> argument: the
    /// token to pass (the coroutine's only CancellationToken parameter), or empty for
    /// <c>CancellationToken.None</c> (only when the sibling requires a token).
    /// </summary>
    public const string TokenProperty = "Token";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.SyncMemberWithAsyncSibling,
        title: "Synchronous call with an awaitable sibling in a coroutine",
        messageFormat: "'{0}' runs synchronously on the event loop thread; await '{1}' instead",
        category: DiagnosticCategories.Blocking,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A coroutine runs on the event loop thread. A synchronous member that has an awaitable ...Async sibling (I/O, network, database) usually blocks that thread; awaiting the sibling lets the other tasks run meanwhile.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.SyncMemberWithAsyncSibling));

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
            if (types is null)
            {
                return;
            }

            var checker = new Checker(
                types,
                BlockingMembers.Resolve(start.Compilation, start.Options, start.CancellationToken),
                start.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken"),
                start.Compilation.GetTypeByMetadataName("System.ObsoleteAttribute"),
                [.. new[]
                {
                    "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1",
                    "System.Threading.Tasks.ValueTask", "System.Threading.Tasks.ValueTask`1",
                    KnownTypeNames.CoroTask, KnownTypeNames.CoroTaskOfT,
                }.Select(start.Compilation.GetTypeByMetadataName).Where(static t => t is not null).Cast<INamedTypeSymbol>()],
                start.Compilation.GetTypeByMetadataName("System.Threading.CancellationTokenSource"),
                [.. new[] { "System.IO.MemoryStream", "System.IO.StringReader", "System.IO.StringWriter" }
                    .Select(start.Compilation.GetTypeByMetadataName).Where(static t => t is not null).Cast<INamedTypeSymbol>()]);
            start.RegisterOperationAction(checker.Analyze, OperationKind.Invocation);
        });
    }

    private sealed class Checker(
        KnownTypes types,
        ImmutableHashSet<ISymbol> blocking,
        INamedTypeSymbol? cancellationToken,
        INamedTypeSymbol? obsolete,
        ImmutableArray<INamedTypeSymbol> awaitables,
        INamedTypeSymbol? cancellationTokenSource,
        ImmutableArray<INamedTypeSymbol> inMemory)
    {
        public void Analyze(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if (method.Name.EndsWith("Async", System.StringComparison.Ordinal)
                || method.Name == "Dispose"
                || method.MethodKind is not MethodKind.Ordinary
                || IsAwaitable(method.ReturnType, out _)
                || blocking.Contains(method.OriginalDefinition)
                || IsExcluded(method, invocation.Instance?.Type)
                || invocation.Syntax is not InvocationExpressionSyntax)
            {
                return;
            }

            IMethodSymbol? function = LoopContext.EnclosingFunction(invocation, context.ContainingSymbol);
            if (!types.IsCoroutine(function) || FindSibling(invocation, method, function!) is not { } sibling)
            {
                return;
            }

            // A token is appended positionally, so the call must pass every parameter, by position.
            var syntax = (InvocationExpressionSyntax)invocation.Syntax;
            bool reduced = method.IsExtensionMethod && invocation.Arguments.Length > 0 && invocation.Arguments[0].Syntax is not ArgumentSyntax;
            bool positional = syntax.ArgumentList.Arguments.Count == method.Parameters.Length - (reduced ? 1 : 0)
                && syntax.ArgumentList.Arguments.All(static a => a.NameColon is null);
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
            if (NeedsToken(sibling, method))
            {
                // Without a positional call there is no mechanical fix.
                if (positional)
                {
                    properties = properties.Add(SiblingProperty, sibling.Name).Add(TokenProperty, TokenInScope(function!) ?? "");
                }
            }
            else
            {
                properties = properties.Add(SiblingProperty, sibling.Name);
                if (positional
                    && sibling.Parameters.Length > method.Parameters.Length
                    && IsCancellationToken(sibling.Parameters[method.Parameters.Length].Type)
                    && TokenInScope(function!) is { } token)
                {
                    // An optional token right after the call's arguments: pass the coroutine's own.
                    properties = properties.Add(TokenProperty, token);
                }
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                invocation.Syntax.GetLocation(),
                properties,
                method.ContainingType.Name + "." + method.Name,
                sibling.ContainingType.Name + "." + sibling.Name));
        }

        private bool IsExcluded(IMethodSymbol method, ITypeSymbol? receiver)
        {
            if (method.Name == "Cancel" && SymbolEqualityComparer.Default.Equals(method.ContainingType, cancellationTokenSource))
            {
                return true;
            }

            for (ITypeSymbol? type = receiver; type is not null; type = type.BaseType)
            {
                if (inMemory.Contains(type, SymbolEqualityComparer.Default))
                {
                    return true;
                }
            }

            return false;
        }

        private IMethodSymbol? FindSibling(IInvocationOperation invocation, IMethodSymbol method, IMethodSymbol function)
        {
            string name = method.Name + "Async";
            bool preferToken = TokenInScope(function) is not null;
            if (method.IsStatic)
            {
                return Best(method.ContainingType.GetMembers(name), method, function, reduced: false, preferToken);
            }

            ITypeSymbol? receiver = invocation.Instance?.Type ?? method.ContainingType;
            if (receiver is null)
            {
                return null;
            }

            // Members of the receiver's type, its base types and interfaces, then extension methods in scope.
            var members = new System.Collections.Generic.List<ISymbol>();
            for (ITypeSymbol? type = receiver; type is not null; type = type.BaseType)
            {
                members.AddRange(type.GetMembers(name));
            }

            foreach (INamedTypeSymbol @interface in receiver.AllInterfaces)
            {
                members.AddRange(@interface.GetMembers(name));
            }

            if (Best(members, method, function, reduced: false, preferToken) is { } member)
            {
                return member;
            }

            // Extension methods in scope at the call, reduced to the receiver (their `this` dropped).
            return invocation.SemanticModel is { } model
                ? Best(model.LookupSymbols(invocation.Syntax.SpanStart, receiver, name, includeReducedExtensionMethods: true), method, function, reduced: true, preferToken)
                : null;
        }

        private IMethodSymbol? Best(System.Collections.Generic.IEnumerable<ISymbol> candidates, IMethodSymbol method, IMethodSymbol function, bool reduced, bool preferToken)
        {
            IMethodSymbol? best = null;
            foreach (ISymbol symbol in candidates)
            {
                if (symbol is not IMethodSymbol candidate
                    || candidate.IsStatic != method.IsStatic
                    || (reduced && candidate.ReducedFrom is null)
                    || (!reduced && candidate.IsExtensionMethod && !method.IsExtensionMethod)
                    || candidate.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected
                    || candidate.Arity != method.Arity
                    || IsObsolete(candidate))
                {
                    continue;
                }

                if (candidate.IsGenericMethod)
                {
                    candidate = candidate.Construct([.. method.TypeArguments]);
                }

                if (SymbolEqualityComparer.Default.Equals(Declaration(candidate.ReducedFrom ?? candidate), Declaration(function))
                    || !ParametersMatch(method, candidate)
                    || !ReturnMatches(method, candidate))
                {
                    continue;
                }

                if (best is null || Rank(candidate, method, preferToken) > Rank(best, method, preferToken))
                {
                    best = candidate;
                }
            }

            return best;
        }

        // With a token in scope, prefer the sibling that takes it (FlushAsync(token) over
        // FlushAsync()); otherwise the one that needs no extra argument.
        private int Rank(IMethodSymbol candidate, IMethodSymbol method, bool preferToken) =>
            (preferToken && candidate.Parameters.Length > method.Parameters.Length && IsCancellationToken(candidate.Parameters[method.Parameters.Length].Type) ? 2 : 0)
            + (NeedsToken(candidate, method) ? 0 : 1);

        // A partial method's implementation and definition parts are different symbols.
        private static IMethodSymbol Declaration(IMethodSymbol method) =>
            (method.PartialDefinitionPart ?? method).OriginalDefinition;

        private bool ParametersMatch(IMethodSymbol method, IMethodSymbol candidate)
        {
            if (candidate.Parameters.Length < method.Parameters.Length)
            {
                return false;
            }

            for (int i = 0; i < method.Parameters.Length; i++)
            {
                IParameterSymbol mine = method.Parameters[i];
                IParameterSymbol theirs = candidate.Parameters[i];
                if (mine.RefKind != theirs.RefKind || mine.IsParams != theirs.IsParams || !SymbolEqualityComparer.Default.Equals(mine.Type, theirs.Type))
                {
                    return false;
                }
            }

            for (int i = method.Parameters.Length; i < candidate.Parameters.Length; i++)
            {
                IParameterSymbol extra = candidate.Parameters[i];
                if (!extra.IsOptional && !extra.IsParams && !IsCancellationToken(extra.Type))
                {
                    return false;
                }

                // A required token must be the last parameter (the fix appends it).
                if (!extra.IsOptional && !extra.IsParams && i != candidate.Parameters.Length - 1)
                {
                    return false;
                }
            }

            return true;
        }

        private bool ReturnMatches(IMethodSymbol method, IMethodSymbol candidate)
        {
            if (!IsAwaitable(candidate.ReturnType, out ITypeSymbol? result))
            {
                return false;
            }

            return method.ReturnsVoid || (result is not null && SymbolEqualityComparer.Default.Equals(result, method.ReturnType));
        }

        // Task, ValueTask, Coro, CoroTask (result null) or their generic forms (result = T).
        private bool IsAwaitable(ITypeSymbol type, out ITypeSymbol? result)
        {
            result = null;
            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            if (types.IsCoro(named) || awaitables.Contains(named.OriginalDefinition, SymbolEqualityComparer.Default))
            {
                result = named.IsGenericType ? named.TypeArguments[0] : null;
                return true;
            }

            return false;
        }

        private bool IsCancellationToken(ITypeSymbol type) => SymbolEqualityComparer.Default.Equals(type, cancellationToken);

        private bool NeedsToken(IMethodSymbol candidate, IMethodSymbol method) =>
            candidate.Parameters.Length > method.Parameters.Length
            && candidate.Parameters[candidate.Parameters.Length - 1] is { IsOptional: false, IsParams: false } last
            && IsCancellationToken(last.Type);

        private bool IsObsolete(ISymbol symbol) =>
            symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, obsolete));

        // The only CancellationToken parameter of the coroutine (or of the method around it).
        private string? TokenInScope(IMethodSymbol function)
        {
            for (ISymbol? current = function; current is IMethodSymbol scope; current = scope.ContainingSymbol)
            {
                IParameterSymbol[] tokens = [.. scope.Parameters.Where(p => IsCancellationToken(p.Type))];
                if (tokens.Length == 1)
                {
                    return tokens[0].Name;
                }

                if (tokens.Length > 1)
                {
                    return null;
                }
            }

            return null;
        }
    }
}
