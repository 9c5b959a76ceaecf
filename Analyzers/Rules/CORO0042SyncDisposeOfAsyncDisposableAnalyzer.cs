// CORO0042: a synchronous `using` statement or declaration, or an explicit `x.Dispose()` call,
// in a coroutine, where the resource's type implements IAsyncDisposable (MA0042's using branch,
// RCS1261). Dispose of a FileStream, a network stream or a database connection may flush or
// close synchronously and block the loop thread; DisposeAsync does not. MemoryStream (whose
// DisposeAsync does nothing asynchronous) is skipped, and so is a resource whose static type is
// only IDisposable (its runtime type is unknown).
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a synchronous dispose of an <c>IAsyncDisposable</c> resource in a coroutine.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0042SyncDisposeOfAsyncDisposableAnalyzer : DiagnosticAnalyzer
{
    /// <summary>
    /// Diagnostic property set on a <c>x.Dispose()</c> statement whose type has a public
    /// <c>DisposeAsync()</c> (then the fix can call it).
    /// </summary>
    public const string DisposeAsyncProperty = "DisposeAsync";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.SyncDisposeOfAsyncDisposable,
        title: "Synchronous dispose of an IAsyncDisposable in a coroutine",
        messageFormat: "'{0}' implements IAsyncDisposable but is disposed synchronously on the event loop thread; use 'await using' or 'await DisposeAsync()'",
        category: DiagnosticCategories.Blocking,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Disposing a stream, connection or other IAsyncDisposable resource synchronously may flush or close it with blocking I/O on the event loop thread. In a coroutine, dispose it asynchronously.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.SyncDisposeOfAsyncDisposable));

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
            INamedTypeSymbol? asyncDisposable = start.Compilation.GetTypeByMetadataName("System.IAsyncDisposable");
            if (types is null || asyncDisposable is null)
            {
                return;
            }

            var checker = new Checker(types, asyncDisposable, start.Compilation.GetTypeByMetadataName("System.IO.MemoryStream"));
            start.RegisterOperationAction(checker.AnalyzeUsing, OperationKind.Using, OperationKind.UsingDeclaration);
            start.RegisterOperationAction(checker.AnalyzeDispose, OperationKind.Invocation);
        });
    }

    private sealed class Checker(KnownTypes types, INamedTypeSymbol asyncDisposable, INamedTypeSymbol? memoryStream)
    {
        public void AnalyzeUsing(OperationAnalysisContext context)
        {
            (IOperation? resources, bool asynchronous) = context.Operation switch
            {
                IUsingOperation @using => (@using.Resources, @using.IsAsynchronous),
                IUsingDeclarationOperation declaration => (declaration.DeclarationGroup, declaration.IsAsynchronous),
                _ => (null, false),
            };
            if (resources is null || asynchronous || !LoopContext.IsInCoroutine(context.Operation, context.ContainingSymbol, types))
            {
                return;
            }

            ITypeSymbol? type = ResourceType(resources);
            if (type is null || !IsAsyncDisposable(type))
            {
                return;
            }

            // Report on the `using` keyword; the fix inserts `await` before it.
            SyntaxToken keyword = context.Operation.Syntax switch
            {
                UsingStatementSyntax statement => statement.UsingKeyword,
                LocalDeclarationStatementSyntax declaration => declaration.UsingKeyword,
                _ => default,
            };
            if (keyword == default)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, keyword.GetLocation(), type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
        }

        public void AnalyzeDispose(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation is not { TargetMethod: { Name: "Dispose", Parameters.Length: 0, IsStatic: false }, Instance: { } instance }
                || LoopContext.WalkDownConversions(instance).Type is not { } type
                || !IsAsyncDisposable(type)
                || !LoopContext.IsInCoroutine(invocation, context.ContainingSymbol, types))
            {
                return;
            }

            ImmutableDictionary<string, string?> properties = invocation.Parent is IExpressionStatementOperation && HasPublicDisposeAsync(type)
                ? ImmutableDictionary<string, string?>.Empty.Add(DisposeAsyncProperty, "true")
                : ImmutableDictionary<string, string?>.Empty;
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
        }

        private static bool HasPublicDisposeAsync(ITypeSymbol type)
        {
            for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                if (current.GetMembers("DisposeAsync").Any(static m => m is IMethodSymbol { Parameters.Length: 0, IsStatic: false, DeclaredAccessibility: Accessibility.Public }))
                {
                    return true;
                }
            }

            return type.TypeKind == TypeKind.Interface;
        }

        // The one type of a using's resources (`using (a)`, `using var a = ..., b = ...;` share it).
        private static ITypeSymbol? ResourceType(IOperation resources) => resources switch
        {
            IVariableDeclarationGroupOperation group => group.Declarations.FirstOrDefault()?.Declarators.FirstOrDefault()?.Symbol.Type,
            _ => LoopContext.WalkDownConversions(resources).Type,
        };

        private bool IsAsyncDisposable(ITypeSymbol type)
        {
            if (type.TypeKind == TypeKind.Interface && !SymbolEqualityComparer.Default.Equals(type, asyncDisposable))
            {
                // IDisposable-only interfaces say nothing of the object; an interface that extends
                // IAsyncDisposable does.
                return type.AllInterfaces.Contains(asyncDisposable, SymbolEqualityComparer.Default);
            }

            for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, memoryStream))
                {
                    return false;
                }
            }

            return SymbolEqualityComparer.Default.Equals(type, asyncDisposable)
                || type.AllInterfaces.Contains(asyncDisposable, SymbolEqualityComparer.Default);
        }
    }
}
