// CORO0007: async void in code that uses the loop. An async void body's exceptions go to the
// SynchronizationContext (or crash the process), nobody can await or cancel it, and it runs on
// the Task machinery instead of as a coroutine. Reported for async void methods, local
// functions, lambdas and anonymous methods (an async lambda bound to Action, or to a loop
// callback such as CallSoon), but only in files that use CoroGen (a `using` of its namespace
// or a reference to one of its types): elsewhere this is VSTHRD100's business. Event handlers
// (object, EventArgs-derived) are not reported: their signature is imposed.
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports <c>async void</c> methods, local functions and lambdas in files that use CoroGen.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0007AsyncVoidAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property set when the return type can be changed to <c>Coro</c> (a method or local function that is not an override or an interface implementation).</summary>
    public const string FixableProperty = "Fixable";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.AsyncVoid,
        title: "Async void in code that uses the event loop",
        messageFormat: "'{0}' is async void: nobody can await or cancel it and its exceptions escape; return Coro instead",
        category: DiagnosticCategories.Generator,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An async void method, local function or lambda cannot be awaited, spawned or cancelled, and an exception thrown in it is not observed by any task. In code that uses CoroGen, return Coro and await or spawn it.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.AsyncVoid));

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

            var state = new State(types.Coro.ContainingNamespace, start.Compilation.GetTypeByMetadataName("System.EventArgs"));
            start.RegisterSyntaxNodeAction(
                context => Analyze(context, state),
                SyntaxKind.MethodDeclaration,
                SyntaxKind.LocalFunctionStatement,
                SyntaxKind.ParenthesizedLambdaExpression,
                SyntaxKind.SimpleLambdaExpression,
                SyntaxKind.AnonymousMethodExpression);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, State state)
    {
        SyntaxToken asyncKeyword;
        Location location;
        switch (context.Node)
        {
            case MethodDeclarationSyntax method when method.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }:
                asyncKeyword = Async(method.Modifiers);
                location = method.Identifier.GetLocation();
                break;
            case LocalFunctionStatementSyntax local when local.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }:
                asyncKeyword = Async(local.Modifiers);
                location = local.Identifier.GetLocation();
                break;
            case AnonymousFunctionExpressionSyntax lambda:
                asyncKeyword = lambda.AsyncKeyword;
                location = lambda.AsyncKeyword.GetLocation();
                break;
            default:
                return;
        }

        if (!asyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
        {
            return;
        }

        ISymbol? symbol = context.Node is AnonymousFunctionExpressionSyntax
            ? context.SemanticModel.GetSymbolInfo(context.Node, context.CancellationToken).Symbol
            : context.SemanticModel.GetDeclaredSymbol(context.Node, context.CancellationToken);
        if (symbol is not IMethodSymbol { IsAsync: true, ReturnsVoid: true } function
            || IsEventHandler(function, state.EventArgs)
            || !state.UsesCoroGen(context.Node.SyntaxTree, context.SemanticModel, context.CancellationToken))
        {
            return;
        }

        bool fixable = context.Node is LocalFunctionStatementSyntax
            || (context.Node is MethodDeclarationSyntax && !function.IsOverride && !ImplementsInterface(function));
        ImmutableDictionary<string, string?> properties = fixable
            ? ImmutableDictionary<string, string?>.Empty.Add(FixableProperty, "true")
            : ImmutableDictionary<string, string?>.Empty;
        string name = function.MethodKind is MethodKind.AnonymousFunction ? "async lambda" : function.Name;
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties, name));
    }

    private static SyntaxToken Async(SyntaxTokenList modifiers)
    {
        foreach (SyntaxToken modifier in modifiers)
        {
            if (modifier.IsKind(SyntaxKind.AsyncKeyword))
            {
                return modifier;
            }
        }

        return default;
    }

    private static bool IsEventHandler(IMethodSymbol function, INamedTypeSymbol? eventArgs)
    {
        if (eventArgs is null || function.Parameters.Length != 2 || function.Parameters[0].Type.SpecialType != SpecialType.System_Object)
        {
            return false;
        }

        for (ITypeSymbol? type = function.Parameters[1].Type; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type, eventArgs))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ImplementsInterface(IMethodSymbol method)
    {
        if (!method.ExplicitInterfaceImplementations.IsEmpty)
        {
            return true;
        }

        foreach (INamedTypeSymbol @interface in method.ContainingType.AllInterfaces)
        {
            foreach (ISymbol member in @interface.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The CoroGen namespace and, per syntax tree, whether that file uses it (computed on the first async void found there).</summary>
    private sealed class State(INamespaceSymbol coroGen, INamedTypeSymbol? eventArgs)
    {
        private readonly ConcurrentDictionary<SyntaxTree, bool> _usesCoroGen = new();
        private readonly HashSet<string> _typeNames = [.. coroGen.GetTypeMembers().Select(static t => t.Name)];

        public INamedTypeSymbol? EventArgs { get; } = eventArgs;

        public bool UsesCoroGen(SyntaxTree tree, SemanticModel model, CancellationToken cancellationToken) =>
            _usesCoroGen.TryGetValue(tree, out bool uses)
                ? uses
                : _usesCoroGen.GetOrAdd(tree, Compute(tree, model, cancellationToken));

        // A using of the namespace (or of one of its types), or a name that binds to a CoroGen type.
        private bool Compute(SyntaxTree tree, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (SyntaxNode node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case UsingDirectiveSyntax { Name: { } name }:
                        if (IsCoroGen(model.GetSymbolInfo(name, cancellationToken).Symbol))
                        {
                            return true;
                        }

                        break;
                    case SimpleNameSyntax simple when _typeNames.Contains(simple.Identifier.ValueText):
                        if (IsCoroGen(model.GetSymbolInfo(simple, cancellationToken).Symbol))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        // By name: a using binds to the compilation's merged namespace, not the assembly's.
        private static bool IsCoroGen(ISymbol? symbol)
        {
            for (ISymbol? current = symbol is INamespaceSymbol ? symbol : symbol?.ContainingNamespace; current is INamespaceSymbol ns && !ns.IsGlobalNamespace; current = ns.ContainingNamespace)
            {
                if (ns.Name == KnownTypeNames.RuntimeNamespace && ns.ContainingNamespace is { IsGlobalNamespace: true })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
