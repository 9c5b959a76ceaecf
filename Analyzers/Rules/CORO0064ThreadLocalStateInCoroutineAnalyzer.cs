// CORO0064: thread-bound ambient state read or written in a coroutine. A [ThreadStatic] field or
// a ThreadLocal<T>.Value is one slot per thread, and every coroutine of a loop runs on the loop
// thread: they all share it, and a value set before an await is whatever another task left there
// after it. AsyncLocal<T>.Value follows the ExecutionContext, which the CoroGen runtime neither
// captures per task nor restores at coroutine resumptions (nothing in Runtime/ flows it), so its
// value in a coroutine is that of whoever ran last on the loop thread. ContextVar<T> is the
// loop-aware replacement (a value per task, inherited by spawned children).
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports <c>[ThreadStatic]</c>, <c>ThreadLocal&lt;T&gt;.Value</c> and <c>AsyncLocal&lt;T&gt;.Value</c> used in a coroutine.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0064ThreadLocalStateInCoroutineAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.ThreadLocalStateInCoroutine,
        title: "Thread-local or AsyncLocal state used in a coroutine",
        messageFormat: "'{0}' is {1}; use a ContextVar<T> for per-task state",
        category: DiagnosticCategories.Threading,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "All coroutines of an event loop run on its one thread: a [ThreadStatic] field or ThreadLocal<T> is shared by all of them, and AsyncLocal<T> does not flow through coroutine frames. ContextVar<T> holds a value per task.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.ThreadLocalStateInCoroutine));

    private const string SharedByLoop = "per thread, so every coroutine on the loop thread shares it";

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

            INamedTypeSymbol? threadStatic = start.Compilation.GetTypeByMetadataName("System.ThreadStaticAttribute");
            INamedTypeSymbol? threadLocal = start.Compilation.GetTypeByMetadataName("System.Threading.ThreadLocal`1");
            INamedTypeSymbol? asyncLocal = start.Compilation.GetTypeByMetadataName("System.Threading.AsyncLocal`1");
            if (threadStatic is not null)
            {
                start.RegisterOperationAction(
                    context =>
                    {
                        var reference = (IFieldReferenceOperation)context.Operation;
                        if (reference.Field.IsStatic
                            && reference.Field.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, threadStatic))
                            && !InNameOf(reference)
                            && LoopContext.IsInCoroutine(reference, context.ContainingSymbol, types))
                        {
                            context.ReportDiagnostic(Diagnostic.Create(Rule, reference.Syntax.GetLocation(), reference.Field.Name, "[ThreadStatic]: one value " + SharedByLoop));
                        }
                    },
                    OperationKind.FieldReference);
            }

            start.RegisterOperationAction(
                context =>
                {
                    var reference = (IPropertyReferenceOperation)context.Operation;
                    if (reference.Property.Name != "Value")
                    {
                        return;
                    }

                    INamedTypeSymbol owner = reference.Property.ContainingType.OriginalDefinition;
                    string? why = SymbolEqualityComparer.Default.Equals(owner, threadLocal) ? "a ThreadLocal<T>: one value " + SharedByLoop
                        : SymbolEqualityComparer.Default.Equals(owner, asyncLocal) ? "an AsyncLocal<T>: its value does not flow through coroutine awaits and tasks"
                        : null;
                    if (why is not null && !InNameOf(reference) && LoopContext.IsInCoroutine(reference, context.ContainingSymbol, types))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Rule, reference.Syntax.GetLocation(), reference.Instance?.Syntax.ToString() + ".Value", why));
                    }
                },
                OperationKind.PropertyReference);
        });
    }

    // `nameof(t_counter)` names the field without touching it.
    private static bool InNameOf(IOperation operation)
    {
        for (IOperation? current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is INameOfOperation)
            {
                return true;
            }
        }

        return false;
    }
}
