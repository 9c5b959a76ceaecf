// CORO0082: Coro.Gather over a single coroutine or task (CA1842/CA1843's WhenAll of one). Gather
// spawns the child, waits and copies the result into an array; awaiting the child directly does
// the same work inline. Reported when Gather is called in its expanded params form with exactly
// one argument (an array passed as the params argument is not reported).
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports <c>Coro.Gather(x)</c> with a single argument.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0082GatherOfOneAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property naming the code fix that applies, if any (the Gather call is awaited).</summary>
    public const string FixProperty = "Fix";

    /// <summary><see cref="FixProperty"/> value: <c>await Coro.Gather(x)</c> → <c>await x</c> (Gather returns no value).</summary>
    public const string FixAwait = "Await";

    /// <summary><see cref="FixProperty"/> value: <c>await Coro.Gather(x)</c> → <c>new[] { await x }</c> (Gather returns T[]).</summary>
    public const string FixArray = "Array";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.GatherOfOne,
        title: "Gather over a single coroutine",
        messageFormat: "'Coro.Gather' over a single argument spawns a task and allocates an array for nothing; await the argument directly",
        category: DiagnosticCategories.Tasks,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Coro.Gather with one coroutine or task is the same as awaiting it, with an extra task and array.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.GatherOfOne));

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

            start.RegisterOperationAction(context => Analyze(context, types), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod is not { Name: "Gather", IsStatic: true } method
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Coro)
            || invocation.Arguments.Length != 1
            || invocation.Arguments[0] is not { ArgumentKind: ArgumentKind.ParamArray, Value: IArrayCreationOperation { Initializer.ElementValues.Length: 1 } })
        {
            return;
        }

        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
        if (invocation.Parent is IAwaitOperation)
        {
            properties = properties.Add(FixProperty, method.IsGenericMethod ? FixArray : FixAwait);
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties));
    }
}
