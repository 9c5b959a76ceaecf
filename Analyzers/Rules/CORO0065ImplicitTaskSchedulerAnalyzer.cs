// CORO0065: `TaskFactory.StartNew(...)` or `Task.ContinueWith(...)` without a TaskScheduler
// argument in a coroutine (CA2008, VSTHRD105). Those overloads use TaskScheduler.Current, which
// depends on whatever scheduler the calling code happens to run under: the work may run inline
// on the event loop thread or on a custom scheduler instead of the thread pool. Passing
// TaskScheduler.Default (or another explicit scheduler) makes the choice visible.
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports <c>StartNew</c>/<c>ContinueWith</c> without an explicit <c>TaskScheduler</c> in a coroutine.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0065ImplicitTaskSchedulerAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.ImplicitTaskScheduler,
        title: "StartNew or ContinueWith without an explicit TaskScheduler in a coroutine",
        messageFormat: "'{0}' without a TaskScheduler uses TaskScheduler.Current, which depends on the calling context; pass 'TaskScheduler.Default' (or another scheduler) explicitly",
        category: DiagnosticCategories.Threading,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "TaskFactory.StartNew and Task.ContinueWith overloads without a TaskScheduler use TaskScheduler.Current. Whether the work then runs on the thread pool, inline on the event loop thread or on some custom scheduler depends on the caller; name the scheduler.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.ImplicitTaskScheduler));

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
            INamedTypeSymbol? scheduler = start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskScheduler");
            if (types is null || scheduler is null)
            {
                return;
            }

            INamedTypeSymbol?[] owners =
            [
                start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task"),
                start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1"),
                start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory"),
                start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory`1"),
            ];
            start.RegisterOperationAction(context => Analyze(context, types, scheduler, owners), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types, INamedTypeSymbol scheduler, INamedTypeSymbol?[] owners)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        if (method.Name is not ("StartNew" or "ContinueWith")
            || !owners.Contains(method.ContainingType.OriginalDefinition, SymbolEqualityComparer.Default)
            || (method.Name == "StartNew") != (method.ContainingType.Name == "TaskFactory")
            || method.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, scheduler))
            || !LoopContext.IsInCoroutine(invocation, context.ContainingSymbol, types))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), method.ContainingType.Name + "." + method.Name));
    }
}
