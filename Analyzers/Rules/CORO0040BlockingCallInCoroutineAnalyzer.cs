// CORO0040: a known blocking member called in a coroutine. The coroutine runs on the event loop
// thread, so a blocking call stops every other task and callback until it returns (asyncio's
// debug mode reports it afterwards as a slow callback). The list is BlockingMembers.BuiltIn plus
// the user's CoroGen.BlockingMembers.txt. Only loop context counts: a non-async lambda inside a
// coroutine (Coro.ToThread(() => Thread.Sleep(10))) runs elsewhere and is not reported.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a blocking call (Thread.Sleep, Task.Wait/Result, WaitHandle.WaitOne, ...) in a coroutine.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0040BlockingCallInCoroutineAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property naming the code fix that applies, if any.</summary>
    public const string FixProperty = "Fix";

    /// <summary><see cref="FixProperty"/> value: <c>Thread.Sleep(n)</c> → <c>await Coro.Sleep(...)</c>.</summary>
    public const string FixSleep = "Sleep";

    /// <summary><see cref="FixProperty"/> value: <c>t.Result</c>/<c>t.Wait()</c>/<c>t.GetAwaiter().GetResult()</c> → <c>await t</c>.</summary>
    public const string FixAwait = "Await";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.BlockingCallInCoroutine,
        title: "Blocking call in a coroutine",
        messageFormat: "'{0}' blocks the event loop thread, stopping every other task until it returns; use an awaitable equivalent",
        category: DiagnosticCategories.Blocking,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A coroutine runs on the event loop thread. A call that blocks that thread (sleeping, waiting on a task, a wait handle, a lock or the console) stops every other task and callback.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.BlockingCallInCoroutine));

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

            ImmutableHashSet<ISymbol> blocking = BlockingMembers.Resolve(start.Compilation, start.Options, start.CancellationToken);
            if (blocking.IsEmpty)
            {
                return;
            }

            start.RegisterOperationAction(
                context => Analyze(context, types, blocking),
                OperationKind.Invocation,
                OperationKind.PropertyReference);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types, ImmutableHashSet<ISymbol> blocking)
    {
        ISymbol member;
        switch (context.Operation)
        {
            case IInvocationOperation invocation:
                member = invocation.TargetMethod;
                if (IsZeroTimeoutWait(invocation))
                {
                    return;
                }

                break;
            case IPropertyReferenceOperation property:
                member = property.Property;
                break;
            default:
                return;
        }

        if (!blocking.Contains(member.OriginalDefinition) || !LoopContext.IsInCoroutine(context.Operation, context.ContainingSymbol, types))
        {
            return;
        }

        string? fix = FixFor(context.Operation);
        ImmutableDictionary<string, string?> properties = fix is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            context.Operation.Syntax.GetLocation(),
            properties,
            member.ContainingType.Name + "." + member.Name));
    }

    // SemaphoreSlim.Wait(0) / WaitOne(0) only polls.
    private static bool IsZeroTimeoutWait(IInvocationOperation invocation) =>
        invocation.Arguments.Length > 0
        && invocation.TargetMethod.Parameters[0].Type.SpecialType == SpecialType.System_Int32
        && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: 0 };

    private static string? FixFor(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation { TargetMethod: { Name: "Sleep", ContainingType.Name: "Thread" } } sleep
                when sleep.Parent is IExpressionStatementOperation && sleep.Arguments.Length == 1:
                return FixSleep;
            case IInvocationOperation { TargetMethod.Name: "Wait", Arguments.Length: 0, Instance: { } instance }
                when IsTaskLike(instance.Type):
                return FixAwait;
            case IPropertyReferenceOperation { Property.Name: "Result", Instance: { } instance }
                when IsTaskLike(instance.Type):
                return FixAwait;
            case IInvocationOperation { TargetMethod.Name: "GetResult", Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter", Arguments.Length: 0, Instance: { } awaited } }
                when IsTaskLike(awaited.Type):
                return FixAwait;
            default:
                return null;
        }
    }

    private static bool IsTaskLike(ITypeSymbol? type) =>
        type is INamedTypeSymbol { ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } } named
        && named.Name is "Task" or "ValueTask";
}
