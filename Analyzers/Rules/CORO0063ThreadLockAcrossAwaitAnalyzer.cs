// CORO0063: a thread lock held across an await in a coroutine. Every coroutine of a loop runs on
// the loop thread, so a thread lock gives them no exclusion: Monitor and System.Threading.Lock
// are re-entrant (a second coroutine walks straight in), SemaphoreSlim.Wait blocks the loop thread
// for ever (the holder can only release it when the loop runs), ReaderWriterLockSlim throws
// LockRecursionException. C# rejects `await` inside `lock` (CS1996); this catches the explicit
// forms. Straight-line subset, no CFG: the acquire is a statement (or a `using`) and the await
// lies textually between it and the first matching release in the same block, or anywhere in a
// `using` body / after a `using` declaration, or in a try block whose finally releases the lock.
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a Monitor/SemaphoreSlim/Lock/ReaderWriterLockSlim lock held across an await in a coroutine.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0063ThreadLockAcrossAwaitAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.ThreadLockAcrossAwait,
        title: "Thread lock held across an await",
        messageFormat: "The lock taken by '{0}' is still held at an await; every coroutine runs on the loop thread, so it either walks into the lock too or blocks the loop; use CoroGen.Sync.AsyncLock ('using (await lk.Acquire())')",
        category: DiagnosticCategories.Threading,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Thread locks (Monitor, System.Threading.Lock, SemaphoreSlim, ReaderWriterLockSlim) held across an await give coroutines on the same loop thread no exclusion (re-entrant locks) or deadlock the loop (SemaphoreSlim) or throw (ReaderWriterLockSlim). Use CoroGen.Sync.AsyncLock.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.ThreadLockAcrossAwait));

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

            var locks = new LockTypes(start.Compilation);
            start.RegisterOperationAction(context => Analyze(context, types, locks), OperationKind.Invocation);
        });
    }

    private sealed class LockTypes(Compilation compilation)
    {
        public INamedTypeSymbol? Monitor { get; } = compilation.GetTypeByMetadataName("System.Threading.Monitor");

        public INamedTypeSymbol? SemaphoreSlim { get; } = compilation.GetTypeByMetadataName("System.Threading.SemaphoreSlim");

        public INamedTypeSymbol? Lock { get; } = compilation.GetTypeByMetadataName("System.Threading.Lock");

        public INamedTypeSymbol? ReaderWriterLockSlim { get; } = compilation.GetTypeByMetadataName("System.Threading.ReaderWriterLockSlim");
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types, LockTypes locks)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        INamedTypeSymbol type = method.ContainingType;
        string? release;
        IOperation? lockObject;
        if (SymbolEqualityComparer.Default.Equals(type, locks.Monitor) && method.Name == "Enter" && invocation.Arguments.Length >= 1)
        {
            release = "Exit";
            lockObject = invocation.Arguments.FirstOrDefault(static a => a.Parameter?.Ordinal == 0)?.Value;
        }
        else if (SymbolEqualityComparer.Default.Equals(type, locks.SemaphoreSlim) && method.Name == "Wait" && !IsZeroTimeout(invocation))
        {
            release = "Release";
            lockObject = invocation.Instance;
        }
        else if (SymbolEqualityComparer.Default.Equals(type, locks.Lock) && method.Name is "Enter" or "EnterScope")
        {
            release = method.Name == "Enter" ? "Exit" : null;
            lockObject = invocation.Instance;
        }
        else if (SymbolEqualityComparer.Default.Equals(type, locks.ReaderWriterLockSlim) && method.Name is "EnterReadLock" or "EnterWriteLock" or "EnterUpgradeableReadLock")
        {
            release = "Exit" + method.Name.Substring("Enter".Length);
            lockObject = invocation.Instance;
        }
        else
        {
            return;
        }

        if (lockObject is null
            || !LoopContext.IsInCoroutine(invocation, context.ContainingSymbol, types)
            || invocation.Syntax is not InvocationExpressionSyntax acquireSyntax)
        {
            return;
        }

        ExpressionSyntax lockSyntax = (ExpressionSyntax)LoopContext.WalkDownConversions(lockObject).Syntax;
        SyntaxNode? heldAwait = release is null
            ? AwaitInScope(acquireSyntax)
            : AwaitBeforeRelease(acquireSyntax, type, release, lockSyntax, invocation.SemanticModel!, context.CancellationToken);
        if (heldAwait is null)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            acquireSyntax.GetLocation(),
            [heldAwait.GetLocation()],
            type.Name + "." + method.Name));
    }

    private static bool IsZeroTimeout(IInvocationOperation invocation) =>
        invocation.Arguments.Length > 0
        && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: 0 };

    // Lock.EnterScope(): `using (l.EnterScope()) { ... }` holds it in the body; `using var s =
    // l.EnterScope();` holds it to the end of the enclosing block.
    private static SyntaxNode? AwaitInScope(InvocationExpressionSyntax acquire)
    {
        SyntaxNode? parent = acquire.Parent;
        while (parent is ParenthesizedExpressionSyntax or EqualsValueClauseSyntax or VariableDeclaratorSyntax or VariableDeclarationSyntax)
        {
            parent = parent.Parent;
        }

        switch (parent)
        {
            case UsingStatementSyntax @using:
                return FirstAwait(@using.Statement, 0, int.MaxValue);
            case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } declaration
                when declaration.Parent is BlockSyntax block:
                return FirstAwait(block, declaration.Span.End, block.Span.End);
            default:
                return null;
        }
    }

    // Monitor.Enter(o); ... Monitor.Exit(o): the first release of the same lock after the acquire,
    // in the statements that follow it in its block (a try/finally among them included), or the
    // finally of the try whose block contains the acquire.
    private static SyntaxNode? AwaitBeforeRelease(
        InvocationExpressionSyntax acquire,
        INamedTypeSymbol lockType,
        string release,
        ExpressionSyntax lockSyntax,
        SemanticModel model,
        System.Threading.CancellationToken cancellationToken)
    {
        if (acquire.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax block } statement)
        {
            return null;
        }

        bool IsRelease(SyntaxNode node)
        {
            if (node is not InvocationExpressionSyntax call
                || model.GetOperation(call, cancellationToken) is not IInvocationOperation operation
                || operation.TargetMethod.Name != release
                || !SymbolEqualityComparer.Default.Equals(operation.TargetMethod.ContainingType, lockType))
            {
                return false;
            }

            IOperation? target = operation.Instance ?? operation.Arguments.FirstOrDefault(static a => a.Parameter?.Ordinal == 0)?.Value;
            return target is not null && SameLock(LoopContext.WalkDownConversions(target).Syntax, lockSyntax, model, cancellationToken);
        }

        int index = block.Statements.IndexOf(statement);
        for (int i = index + 1; i < block.Statements.Count; i++)
        {
            SyntaxNode? releaseCall = OutsideFunctions(block.Statements[i]).FirstOrDefault(IsRelease);
            if (releaseCall is not null)
            {
                return FirstAwait(block, statement.Span.End, releaseCall.SpanStart);
            }
        }

        if (block.Parent is TryStatementSyntax { Finally: { } @finally } @try && @try.Block == block
            && OutsideFunctions(@finally.Block).Any(IsRelease))
        {
            return FirstAwait(block, statement.Span.End, block.Span.End);
        }

        return null;
    }

    private static bool SameLock(SyntaxNode candidate, ExpressionSyntax lockSyntax, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        if (SyntaxFactory.AreEquivalent(candidate, lockSyntax))
        {
            return true;
        }

        ISymbol? left = model.GetSymbolInfo(candidate, cancellationToken).Symbol;
        ISymbol? right = model.GetSymbolInfo(lockSyntax, cancellationToken).Symbol;
        return left is ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol
            && SymbolEqualityComparer.Default.Equals(left, right);
    }

    private static System.Collections.Generic.IEnumerable<SyntaxNode> OutsideFunctions(SyntaxNode node) =>
        node.DescendantNodesAndSelf(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax));

    // The first await (also `await foreach`/`await using`) in `scope` within [start, end), outside nested functions.
    private static SyntaxNode? FirstAwait(SyntaxNode scope, int start, int end) =>
        OutsideFunctions(scope).FirstOrDefault(node => node.SpanStart >= start && node.SpanStart < end && node switch
        {
            AwaitExpressionSyntax => true,
            CommonForEachStatementSyntax forEach => forEach.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            UsingStatementSyntax @using => @using.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            LocalDeclarationStatementSyntax declaration => declaration.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            _ => false,
        });
}
