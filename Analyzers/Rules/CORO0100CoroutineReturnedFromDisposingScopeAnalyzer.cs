// CORO0100: a method that is not async returns a Coro/Coro<T> call from inside a `using`
// statement, after a `using` declaration, or inside the `try` block of a try/finally. The method
// returns the cold Coro first; the resource is disposed (the finally runs) on the way out, and
// only then does the caller await the coroutine, which finds the resource disposed. (With Task
// the work has at least started; a Coro has not even begun.) MA0100 / AsyncFixer04 analog.
// Reported for any Coro call, whether or not it receives the resource. Returns inside nested
// lambdas and local functions are judged against their own function.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a non-async method returning a coroutine call from inside a <c>using</c> or <c>try</c>/<c>finally</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0100CoroutineReturnedFromDisposingScopeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.CoroutineReturnedFromDisposingScope,
        title: "Coroutine returned from inside a using or try/finally",
        messageFormat: "The coroutine is returned from inside a {0}: the {1} before the cold coroutine even starts; make the method async and 'return await' it",
        category: DiagnosticCategories.Resources,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A Coro is cold: returning it from a method that is not async does not start it. A using or finally around the return runs when the method returns, before the caller awaits the coroutine, so the coroutine runs after the resource is disposed. Await it inside the scope instead.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.CoroutineReturnedFromDisposingScope));

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

            start.RegisterOperationAction(context => Analyze(context, types), OperationKind.Return);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var returned = (IReturnOperation)context.Operation;
        if (returned.ReturnedValue is not { } value
            || !types.IsCoro(value.Type)
            || LoopContext.WalkDownConversions(value) is not (IInvocationOperation or IConditionalAccessOperation)
            || LoopContext.EnclosingFunction(returned, context.ContainingSymbol) is not { IsAsync: false } function
            || !types.IsCoro(function.ReturnType)
            || Scope(returned) is not { } scope)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            value.Syntax.GetLocation(),
            scope,
            scope == "try/finally" ? "finally block runs" : "resource is disposed"));
    }

    // The kind of the innermost disposing scope around the return in its own function, or null.
    private static string? Scope(IOperation returned)
    {
        IOperation child = returned;
        for (IOperation? current = returned.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case IUsingOperation @using when @using.Body == child:
                    return "using statement";
                case ITryOperation { Finally: not null } @try when @try.Body == child:
                    return "try/finally";
                case IBlockOperation block:
                    foreach (IOperation statement in block.Operations)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        if (statement is IUsingDeclarationOperation)
                        {
                            return "using declaration's scope";
                        }
                    }

                    break;
            }
        }

        return null;
    }
}
