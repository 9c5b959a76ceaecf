// CORO0026: `await Task.Delay(...)` or `await Task.Yield()` in a coroutine. Both work (the task
// resumes on its loop through the loop's thread-safe inbox), but they go through a .NET timer or
// the thread pool, cost a cross-thread hop, and are not cancelled when the CoroGen task is: a
// cancelled task sleeping in Task.Delay only sees its CancelledError when the timer fires.
// Coro.Sleep is the loop-native equivalent (a timer-heap entry, cancellable, no thread hop).
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports <c>await Task.Delay(...)</c> and <c>await Task.Yield()</c> inside a coroutine.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0026ForeignDelayInCoroutineAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property naming the mechanical replacement; absent when there is none.</summary>
    public const string FixProperty = "Fix";

    /// <summary><c>Task.Delay(int)</c> → <c>Coro.Sleep(TimeSpan.FromMilliseconds(ms))</c>.</summary>
    public const string FixMilliseconds = "Milliseconds";

    /// <summary><c>Task.Delay(TimeSpan)</c> → <c>Coro.Sleep(delay)</c>.</summary>
    public const string FixTimeSpan = "TimeSpan";

    /// <summary><c>Task.Yield()</c> → <c>Coro.Sleep(0)</c>.</summary>
    public const string FixYield = "Yield";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.ForeignDelayInCoroutine,
        title: "Task.Delay or Task.Yield awaited in a coroutine",
        messageFormat: "'{0}' runs on a .NET timer or the thread pool and is not cancelled with the coroutine's task; use 'Coro.Sleep', the event loop's own equivalent",
        category: DiagnosticCategories.Awaiting,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Awaiting Task.Delay or Task.Yield in a coroutine hops to a .NET timer or thread-pool thread and back to the loop, and a cancelled CoroGen task only notices its cancellation when the delay ends. Coro.Sleep waits on the loop's timer heap and is cancelled with the task.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.ForeignDelayInCoroutine));

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
            INamedTypeSymbol? task = start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            if (types is null || task is null)
            {
                return;
            }

            INamedTypeSymbol? timeout = start.Compilation.GetTypeByMetadataName("System.Threading.Timeout");
            start.RegisterOperationAction(context => Analyze(context, types, task, timeout), OperationKind.Await);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types, INamedTypeSymbol task, INamedTypeSymbol? timeout)
    {
        var awaitOperation = (IAwaitOperation)context.Operation;
        if (LoopContext.WalkDownConversions(awaitOperation.Operation) is not IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Delay" or "Yield" } method } invocation
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, task)
            || !LoopContext.IsInCoroutine(awaitOperation, context.ContainingSymbol, types))
        {
            return;
        }

        string? fix = method.Name == "Yield"
            ? FixYield
            : invocation.Arguments.Length != 1 || IsInfinite(invocation.Arguments[0].Value, timeout)
                ? null
                : invocation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int32 ? FixMilliseconds : FixTimeSpan;
        ImmutableDictionary<string, string?> properties = fix is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);
        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, "Task." + method.Name));
    }

    // Task.Delay(-1) / Task.Delay(Timeout.InfiniteTimeSpan) waits forever; Coro.Sleep of a
    // negative delay yields once, so no fix is offered for them.
    private static bool IsInfinite(IOperation argument, INamedTypeSymbol? timeout)
    {
        argument = LoopContext.WalkDownConversions(argument);
        return argument.ConstantValue is { HasValue: true, Value: int milliseconds } && milliseconds < 0
            || argument is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus }
            || argument is IFieldReferenceOperation { Field.Name: "InfiniteTimeSpan" } field && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, timeout);
    }
}
