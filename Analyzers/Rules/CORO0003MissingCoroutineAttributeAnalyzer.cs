// CORO0003: an async method returning Coro/Coro<T> without [Coroutine]. It compiles and runs
// (the C# compiler lowers it through CoroGen's pooled builder), but the coroutine compiler never
// sees it: no struct machine once that path exists, and none of the generator's checks.
// Lambdas and local functions are not reported: they cannot carry [Coroutine] as a partial
// method (TaskGroup.Run(async g => ...) is the builder path by design). Neither are methods the
// generator could not take anyway: file-local types, members of something other than a
// class/struct/record/interface declaration, partial methods whose two parts the user wrote.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports an <c>async</c> method returning <c>Coro</c>/<c>Coro&lt;T&gt;</c> that lacks <c>[Coroutine]</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0003MissingCoroutineAttributeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.MissingCoroutineAttribute,
        title: "Async method returning Coro is not marked [Coroutine]",
        messageFormat: "Method '{0}' is async and returns '{1}' but is not marked [Coroutine]; it runs through the pooled builder without the coroutine compiler's checks; add [Coroutine] and make it 'partial'",
        category: DiagnosticCategories.Generator,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "An async method returning Coro or Coro<T> without [Coroutine] still works through CoroGen's pooled method builder, but the coroutine compiler does not see it: it gets no struct state machine and none of the compile-time checks. Lambdas and local functions are not reported.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.MissingCoroutineAttribute));

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
            if (types?.CoroutineAttribute is null)
            {
                return;
            }

            start.RegisterSymbolAction(context => Analyze(context, types), SymbolKind.Method);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, KnownTypes types)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method is not { MethodKind: MethodKind.Ordinary, IsAsync: true, PartialDefinitionPart: null, PartialImplementationPart: null }
            || !types.IsCoro(method.ReturnType)
            || HasCoroutineAttribute(method, types)
            || InFileLocalType(method)
            || method.DeclaringSyntaxReferences.Length != 1
            || method.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is not MethodDeclarationSyntax syntax
            || !InTypeDeclarations(syntax))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            syntax.Identifier.GetLocation(),
            method.Name,
            method.ReturnType.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
    }

    private static bool HasCoroutineAttribute(IMethodSymbol method, KnownTypes types)
    {
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.CoroutineAttribute))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InFileLocalType(IMethodSymbol method)
    {
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal)
            {
                return true;
            }
        }

        return false;
    }

    // The declarations the generator can extend (as CoroutineGenerator.Parser checks).
    private static bool InTypeDeclarations(MethodDeclarationSyntax syntax)
    {
        for (SyntaxNode? node = syntax.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case TypeDeclarationSyntax type when type.Kind() is SyntaxKind.ClassDeclaration or SyntaxKind.StructDeclaration
                    or SyntaxKind.InterfaceDeclaration or SyntaxKind.RecordDeclaration or SyntaxKind.RecordStructDeclaration:
                    break;
                case BaseNamespaceDeclarationSyntax or CompilationUnitSyntax:
                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
