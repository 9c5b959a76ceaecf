// CORO0101: a local that a `using` disposes is passed to a coroutine that is spawned
// (Coro.Spawn(F(x)), loop.Spawn(F(x)), group.Spawn(F(x))) inside that using's scope, and the task
// handle is not awaited before the scope ends. The spawned task starts on a later loop iteration,
// so the using disposes the object before (or while) the task uses it.
//
// Only the clear-cut subset of ANALYZERS.md §5.7 (CA2025-style flow analysis) is implemented:
// - the local is the one a `using`/`await using` statement or declaration declares (or names:
//   `using (x) { ... }`), and the spawn is inside that scope, in the same function (a spawn in a
//   lambda or local function runs whenever that is called: not reported);
// - the local is passed directly as an argument (or receiver) of the spawned coroutine call;
// - the handle is dropped (`Coro.Spawn(F(x));`, `_ = ...`) or stored in a local that is not read
//   again before the scope ends. A spawn nested in an await (`await Coro.Spawn(F(x))`,
//   `await Join(Coro.Spawn(F(x)), ...)`), a handle read again in the scope, and a handle used
//   any other way (returned, stored in a field, passed on) are not reported.
// Not reported (false negatives): an explicit `x.Dispose()` call, objects reached through a field
// or property of the local, and group spawns whose group is joined inside the scope by other means.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a disposable passed to a spawned coroutine whose using scope ends before the task is awaited.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0101DisposedBeforeSpawnedTaskJoinedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.DisposedBeforeSpawnedTaskJoined,
        title: "Disposable passed to a spawned coroutine is disposed before the task is awaited",
        messageFormat: "'{0}' is passed to the spawned coroutine '{1}' but disposed at the end of its using scope before the task is awaited; await the task inside the scope",
        category: DiagnosticCategories.Resources,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A spawned task starts on a later iteration of the event loop. When the object it uses is disposed at the end of a using scope that does not await the task, the task finds it disposed, or has it disposed while it runs.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.DisposedBeforeSpawnedTaskJoined));

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
            if (types?.CoroTask is null)
            {
                return;
            }

            start.RegisterOperationAction(context => Analyze(context, types), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var spawn = (IInvocationOperation)context.Operation;
        if (!(types.IsOwnerlessSpawn(spawn.TargetMethod) || types.IsTaskGroupSpawn(spawn.TargetMethod))
            || spawn.Arguments.Length == 0
            || LoopContext.WalkDownConversions(spawn.Arguments[0].Value) is not IInvocationOperation coroutine
            || !types.IsCoro(coroutine.Type))
        {
            return;
        }

        foreach (IOperation passed in PassedValues(coroutine))
        {
            if (LoopContext.WalkDownConversions(passed) is not ILocalReferenceOperation { Local: { } local } reference)
            {
                continue;
            }

            TextSpan? scope = UsingScope(spawn, local);
            if (scope is null || IsJoinedInScope(spawn, scope.Value))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, reference.Syntax.GetLocation(), local.Name, coroutine.TargetMethod.Name));
        }
    }

    private static System.Collections.Generic.IEnumerable<IOperation> PassedValues(IInvocationOperation coroutine)
    {
        if (coroutine.Instance is { } instance)
        {
            yield return instance;
        }

        foreach (IArgumentOperation argument in coroutine.Arguments)
        {
            yield return argument.Value;
        }
    }

    // The span of the using scope around `spawn` that disposes `local`, or null. Stops at the
    // enclosing lambda or local function: a spawn there runs when that is called.
    private static TextSpan? UsingScope(IOperation spawn, ILocalSymbol local)
    {
        IOperation child = spawn;
        for (IOperation? current = spawn.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case IUsingOperation @using when child == @using.Body && Disposes(@using.Resources, local):
                    return @using.Body.Syntax.Span;
                case IBlockOperation block:
                    bool declared = false;
                    foreach (IOperation statement in block.Operations)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        declared |= statement is IUsingDeclarationOperation declaration && Disposes(declaration.DeclarationGroup, local);
                    }

                    if (declared)
                    {
                        return block.Syntax.Span;
                    }

                    break;
            }
        }

        return null;
    }

    private static bool Disposes(IOperation resources, ILocalSymbol local)
    {
        if (LoopContext.WalkDownConversions(resources) is ILocalReferenceOperation reference)
        {
            return SymbolEqualityComparer.Default.Equals(reference.Local, local);
        }

        foreach (IOperation operation in resources.DescendantsAndSelf())
        {
            if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
            {
                return true;
            }
        }

        return false;
    }

    // Whether the task handle is (or may be) awaited before the scope ends: the spawn sits in an
    // await, or its handle is stored in a local read again later in the scope, or it is used in
    // any way this rule does not follow.
    private static bool IsJoinedInScope(IInvocationOperation spawn, TextSpan scope)
    {
        IOperation handle = spawn;
        while (handle.Parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            handle = handle.Parent;
        }

        for (IOperation? current = handle.Parent; current is not null && current.Syntax.Span.Start >= scope.Start && scope.Contains(current.Syntax.Span); current = current.Parent)
        {
            if (current is IAwaitOperation)
            {
                return true;
            }
        }

        ILocalSymbol? stored;
        switch (handle.Parent)
        {
            case IExpressionStatementOperation:
                return false;
            case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                return false;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == handle && assignment.Parent is IExpressionStatementOperation:
                stored = target.Local;
                break;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                stored = declarator.Symbol;
                break;
            default:
                return true;
        }

        IOperation root = spawn;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (IOperation operation in root.Descendants())
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, stored)
                && reference.Syntax.SpanStart > spawn.Syntax.Span.End
                && scope.Contains(reference.Syntax.Span)
                && !(reference.Parent is ISimpleAssignmentOperation write && write.Target == reference))
            {
                return true;
            }
        }

        return false;
    }
}
