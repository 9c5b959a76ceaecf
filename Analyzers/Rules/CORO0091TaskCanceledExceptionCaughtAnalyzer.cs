// CORO0091: `catch (TaskCanceledException)` in a coroutine without a later
// `catch (OperationCanceledException)` / `catch (CancelledError)` in the same try (runtime
// #83406). Cancellation arrives as CancelledError or as an OperationCanceledException from
// token-based APIs; neither is a TaskCanceledException, so the clause misses most cancellations.
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports <c>catch (TaskCanceledException)</c> in a coroutine with no <c>OperationCanceledException</c> backstop.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0091TaskCanceledExceptionCaughtAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property set when the code fix applies (the handler does not use <c>TaskCanceledException.Task</c>).</summary>
    public const string FixableProperty = "Fixable";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.TaskCanceledExceptionCaught,
        title: "Catch TaskCanceledException without an OperationCanceledException backstop",
        messageFormat: "'catch (TaskCanceledException)' misses CancelledError and the OperationCanceledException of token-based APIs; catch OperationCanceledException",
        category: DiagnosticCategories.Cancellation,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Task cancellation in CoroGen raises CancelledError, and token-based APIs throw OperationCanceledException; neither is a TaskCanceledException. Catch OperationCanceledException to see every cancellation.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.TaskCanceledExceptionCaught));

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
            INamedTypeSymbol? taskCanceled = start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskCanceledException");
            if (types?.OperationCanceledException is null || taskCanceled is null)
            {
                return;
            }

            start.RegisterOperationAction(context => Analyze(context, types, taskCanceled), OperationKind.Try);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types, INamedTypeSymbol taskCanceled)
    {
        var tryOperation = (ITryOperation)context.Operation;
        ImmutableArray<ICatchClauseOperation> catches = tryOperation.Catches;
        for (int i = 0; i < catches.Length; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(catches[i].ExceptionType, taskCanceled)
                || catches[i].Syntax is not CatchClauseSyntax { Declaration: { } declaration } catchSyntax)
            {
                continue;
            }

            bool backstop = catches.Skip(i + 1).Any(later =>
                SymbolEqualityComparer.Default.Equals(later.ExceptionType, types.OperationCanceledException)
                || SymbolEqualityComparer.Default.Equals(later.ExceptionType, types.CancelledError));
            if (backstop || !LoopContext.IsInCoroutine(tryOperation, context.ContainingSymbol, types))
            {
                continue;
            }

            // TaskCanceledException.Task does not exist on OperationCanceledException.
            string name = declaration.Identifier.ValueText;
            bool usesTask = name.Length > 0 && catchSyntax.DescendantNodes().OfType<MemberAccessExpressionSyntax>()
                .Any(access => access.Expression is IdentifierNameSyntax { Identifier.ValueText: var target } && target == name && access.Name.Identifier.ValueText == "Task");
            ImmutableDictionary<string, string?> properties = usesTask
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty.Add(FixableProperty, "true");
            context.ReportDiagnostic(Diagnostic.Create(Rule, declaration.Type.GetLocation(), properties));
        }
    }
}
