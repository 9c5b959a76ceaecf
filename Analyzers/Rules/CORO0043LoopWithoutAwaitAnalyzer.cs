// CORO0043: an endless loop in a coroutine that never awaits. The coroutine holds the loop
// thread until the loop ends, and this one cannot end: every other task and callback starves
// for ever (asyncio's debug mode only notices afterwards, as a slow callback, and here there is
// no afterwards). Clear-cut cases only, without flow analysis: `while (true)`, `for (;;)` (no
// condition or a constant true one) and `do ... while (true)` whose body has no await of any
// kind and no break, return, throw, goto or yield statement (nested functions excluded).
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports <c>while (true)</c>-style loops in a coroutine that neither await nor exit.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0043LoopWithoutAwaitAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.LoopWithoutAwait,
        title: "Endless loop without an await in a coroutine",
        messageFormat: "This endless loop never awaits and has no break, return or throw, so the coroutine never gives the event loop thread back; await something in it (for example 'await Coro.Sleep(0)') or give it an exit",
        category: DiagnosticCategories.Blocking,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A coroutine runs on the event loop thread until its next await. An endless loop with no await and no exit keeps the thread for ever: no other task or callback runs again.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.LoopWithoutAwait));

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

            start.RegisterOperationAction(context => Analyze(context, types), OperationKind.Loop);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        var loop = (ILoopOperation)context.Operation;
        IOperation? condition;
        switch (loop)
        {
            case IWhileLoopOperation whileLoop:
                condition = whileLoop.Condition;
                break;
            case IForLoopOperation forLoop:
                condition = forLoop.Condition;
                break;
            default:
                return;
        }

        if (condition is not null && condition.ConstantValue is not { HasValue: true, Value: true })
        {
            return;
        }

        if (!LoopContext.IsInCoroutine(loop, context.ContainingSymbol, types)
            || loop.Syntax is not (WhileStatementSyntax or ForStatementSyntax or DoStatementSyntax)
            || CanYieldOrExit(loop.Body.Syntax))
        {
            return;
        }

        SyntaxToken keyword = loop.Syntax switch
        {
            WhileStatementSyntax w => w.WhileKeyword,
            ForStatementSyntax f => f.ForKeyword,
            DoStatementSyntax d => d.DoKeyword,
            _ => default,
        };
        context.ReportDiagnostic(Diagnostic.Create(Rule, keyword.GetLocation()));
    }

    private static bool CanYieldOrExit(SyntaxNode body) =>
        body.DescendantNodesAndSelf(static node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(static node => node switch
            {
                AwaitExpressionSyntax or BreakStatementSyntax or ReturnStatementSyntax or ThrowStatementSyntax
                    or ThrowExpressionSyntax or GotoStatementSyntax or YieldStatementSyntax => true,
                CommonForEachStatementSyntax forEach => forEach.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
                UsingStatementSyntax @using => @using.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
                LocalDeclarationStatementSyntax declaration => declaration.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
                _ => false,
            });
}
