// CORO0120 (opt-in): coroutine naming policy, from the .editorconfig option `coro_naming`:
// `none` (default: nothing reported), `require_async_suffix` (coroutine names end in "Async",
// VSTHRD200/MA0137 style) or `forbid_async_suffix` (they do not: asyncio style, MA0138). Checks
// async methods returning Coro/Coro<T>; entry points (Main), overrides and interface
// implementations are skipped, since their names are not the author's to choose.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports coroutine names that break the <c>coro_naming</c> policy.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0120CoroutineNamingAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The <c>.editorconfig</c> option naming the policy.</summary>
    public const string OptionName = "coro_naming";

    /// <summary>Property: the name the fix renames to.</summary>
    public const string NewNameProperty = "NewName";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.CoroutineNaming,
        title: "Coroutine name does not follow the naming policy",
        messageFormat: "Coroutine '{0}' {1} (coro_naming = {2}); rename it to '{3}'",
        category: DiagnosticCategories.Style,
        defaultSeverity: DiagnosticSeverity.Hidden,
        isEnabledByDefault: false,
        description: "With the .editorconfig option coro_naming = require_async_suffix, coroutine names must end in 'Async'; with forbid_async_suffix they must not. Entry points, overrides and interface implementations are skipped.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.CoroutineNaming));

    private const string Suffix = "Async";

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

            start.RegisterSyntaxNodeAction(context => Analyze(context, types), SyntaxKind.MethodDeclaration);
        });
    }

    // A syntax action, not a symbol action: a [Coroutine]'s symbol is declared by the generated
    // defining part, so a symbol action skips it as generated code. The user's part is analysed.
    private static void Analyze(SyntaxNodeAnalysisContext context, KnownTypes types)
    {
        var declaration = (MethodDeclarationSyntax)context.Node;
        if (!declaration.Modifiers.Any(SyntaxKind.AsyncKeyword)
            || context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not { MethodKind: MethodKind.Ordinary } method
            || !types.IsCoroutine(method)
            || method.IsOverride
            || method.Name == "Main"
            || method.ExplicitInterfaceImplementations.Length > 0
            || ImplementsInterface(method.PartialDefinitionPart ?? method))
        {
            return;
        }

        Location location = declaration.Identifier.GetLocation();
        string? policy = context.Options.AnalyzerConfigOptionsProvider.GetOptions(declaration.SyntaxTree).TryGetValue(OptionName, out string? value)
            ? value.Trim().ToLowerInvariant()
            : null;
        bool hasSuffix = method.Name.EndsWith(Suffix, System.StringComparison.Ordinal);
        string newName;
        string problem;
        switch (policy)
        {
            case "require_async_suffix" when !hasSuffix:
                newName = method.Name + Suffix;
                problem = "does not end in 'Async'";
                break;
            case "forbid_async_suffix" when hasSuffix && method.Name.Length > Suffix.Length:
                newName = method.Name.Substring(0, method.Name.Length - Suffix.Length);
                problem = "ends in 'Async'";
                break;
            default:
                return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            location,
            ImmutableDictionary<string, string?>.Empty.Add(NewNameProperty, newName),
            method.Name,
            problem,
            policy,
            newName));
    }

    private static bool ImplementsInterface(IMethodSymbol method)
    {
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
}
