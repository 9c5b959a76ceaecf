// CORO0028: `using (Child())`, `using var x = Child();`, `await using (...)` or
// `using (myLock.Acquire())` where the resource is a Coro/Coro<T> or another CoroGen awaitable
// (its awaiter implements ICoroAwaiter) instead of the awaited result: the coroutine never runs
// and the lock is never taken. The compiler also reports CS1674/CS8410 when the type is not
// disposable; this rule names the mistake and carries the fix (insert `await`).
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a <c>using</c> whose resource is a coroutine or CoroGen awaitable rather than its result.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0028UsingOnCoroutineAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property set when the awaited result is disposable (then <c>await</c> fixes the statement).</summary>
    public const string AwaitFixProperty = "Await";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.UsingOnCoroutine,
        title: "using disposes the coroutine instead of its result",
        messageFormat: "The resource of this 'using' is the awaitable '{0}', not its result: nothing is awaited or acquired; await it ('using (await ...)')",
        category: DiagnosticCategories.Awaiting,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A using statement or declaration over a Coro, or over a CoroGen awaitable such as AsyncLock.Acquire(), disposes (or fails to dispose) the awaitable itself: the coroutine never runs and the lock is never taken. Await it so the using owns the result.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.UsingOnCoroutine));

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

            INamedTypeSymbol? coroAwaiter = start.Compilation.GetTypeByMetadataName(CORO0023SynchronousWaitInCoroutineAnalyzer.CoroAwaiterName);
            INamedTypeSymbol? disposable = start.Compilation.GetSpecialType(SpecialType.System_IDisposable);
            INamedTypeSymbol? asyncDisposable = start.Compilation.GetTypeByMetadataName("System.IAsyncDisposable");
            var checker = new Checker(types, coroAwaiter, disposable, asyncDisposable);
            start.RegisterOperationAction(checker.Analyze, OperationKind.Using, OperationKind.UsingDeclaration);
        });
    }

    private sealed class Checker(KnownTypes types, INamedTypeSymbol? coroAwaiter, INamedTypeSymbol? disposable, INamedTypeSymbol? asyncDisposable)
    {
        public void Analyze(OperationAnalysisContext context)
        {
            (IOperation? resources, bool asynchronous) = context.Operation switch
            {
                IUsingOperation @using => (@using.Resources, @using.IsAsynchronous),
                IUsingDeclarationOperation declaration => (declaration.DeclarationGroup, declaration.IsAsynchronous),
                _ => (null, false),
            };
            if (resources is null)
            {
                return;
            }

            foreach (IOperation value in Resources(resources))
            {
                IOperation resource = LoopContext.WalkDownConversions(value);
                if (resource is IConversionOperation { Operand: { } operand } && operand.Type is not null && IsAwaitable(operand.Type))
                {
                    resource = LoopContext.WalkDownConversions(operand);
                }

                if (resource.Type is not { } type || !IsAwaitable(type) || IsDisposable(type, asynchronous))
                {
                    continue;
                }

                ImmutableDictionary<string, string?> properties = AwaitedResultIsDisposable(type, asynchronous)
                    ? ImmutableDictionary<string, string?>.Empty.Add(AwaitFixProperty, "true")
                    : ImmutableDictionary<string, string?>.Empty;
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    resource.Syntax.GetLocation(),
                    properties,
                    type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
            }
        }

        private static ImmutableArray<IOperation> Resources(IOperation resources)
        {
            if (resources is not IVariableDeclarationGroupOperation group)
            {
                return [resources];
            }

            ImmutableArray<IOperation>.Builder values = ImmutableArray.CreateBuilder<IOperation>();
            foreach (IVariableDeclarationOperation declaration in group.Declarations)
            {
                foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                {
                    if (declarator.Initializer?.Value is { } value)
                    {
                        values.Add(value);
                    }
                }

                if (declaration.Initializer?.Value is { } shared)
                {
                    values.Add(shared);
                }
            }

            return values.ToImmutable();
        }

        // Coro, Coro<T>, or a type whose GetAwaiter() returns a CoroGen awaiter (AsyncLock.Acquire(), CoroTask, Future<T>, ...).
        private bool IsAwaitable(ITypeSymbol type) =>
            types.IsCoro(type) || GetAwaiterReturn(type) is { } awaiter && IsCoroAwaiter(awaiter);

        private bool IsCoroAwaiter(ITypeSymbol awaiter) =>
            coroAwaiter is not null && awaiter.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, coroAwaiter));

        private static ITypeSymbol? GetAwaiterReturn(ITypeSymbol type) =>
            type.GetMembers("GetAwaiter").OfType<IMethodSymbol>().FirstOrDefault(m => !m.IsStatic && m.Parameters.IsEmpty)?.ReturnType;

        private bool IsDisposable(ITypeSymbol type, bool asynchronous) =>
            Implements(type, disposable) || (asynchronous && Implements(type, asyncDisposable));

        private bool AwaitedResultIsDisposable(ITypeSymbol type, bool asynchronous)
        {
            ITypeSymbol? result = GetAwaiterReturn(type)?.GetMembers("GetResult").OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.IsEmpty)?.ReturnType;
            return result is not null && result.SpecialType != SpecialType.System_Void && IsDisposable(result, asynchronous);
        }

        private static bool Implements(ITypeSymbol type, INamedTypeSymbol? contract) =>
            contract is not null
            && (SymbolEqualityComparer.Default.Equals(type, contract)
                || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, contract)));
    }
}
