// CORO0121 (opt-in): a [Coroutine] whose body only awaits another coroutine and returns its
// result (`return await Other(a, b);`, `await Other(a, b);` for Coro, or the `=>` forms) could be
// a plain method returning `Other(a, b)`. That removes a frame on the builder path, but the
// method then vanishes from stack traces, and on the machine path a [Coroutine] await inlines the
// child's machine into the caller's (nearly free), which a plain method returning a Coro does not
// get. Hence info and off by default. Reported only when the change keeps the meaning: the
// awaited call's type is exactly the method's return type, the callee is a coroutine (calling it
// only creates a cold Coro), and every argument and the receiver are parameters, `this` or
// constants (a cold coroutine evaluates nothing before it is awaited; a plain method evaluates
// its arguments at the call). A single-statement body is never inside try/using/lock.
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports a coroutine that only tail-awaits another coroutine.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0121PassThroughCoroutineAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.PassThroughCoroutine,
        title: "Pass-through coroutine could return its child",
        messageFormat: "Coroutine '{0}' only awaits '{1}' and could return it directly: one frame less on the builder path, but '{0}' then disappears from stack traces and its callers no longer inline the child's machine",
        category: DiagnosticCategories.Style,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: false,
        description: "A [Coroutine] whose body is a single 'return await Other(...)' (or 'await Other(...)' returning Coro) could be a plain method returning Other(...). This saves a coroutine frame when the builder path runs it, at the cost of stack-trace information and of the generator's inlining of awaited coroutines.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.PassThroughCoroutine));

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
            if (types?.CoroutineAttribute is null)
            {
                return;
            }

            start.RegisterSyntaxNodeAction(context => Analyze(context, types), SyntaxKind.MethodDeclaration);
        });
    }

    // A syntax action, as CORO0120: the [Coroutine]'s symbol is declared by the generated part.
    private static void Analyze(SyntaxNodeAnalysisContext context, KnownTypes types)
    {
        var declaration = (MethodDeclarationSyntax)context.Node;
        if (!declaration.Modifiers.Any(SyntaxKind.AsyncKeyword)
            || TailAwaited(declaration) is not { } awaited
            || context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not { MethodKind: MethodKind.Ordinary } method
            || !types.IsCoroutine(method)
            || !HasCoroutineAttribute(method, types)
            || (!method.IsStatic && method.ContainingType.IsValueType)
            || HasRefParameter(method)
            || context.SemanticModel.GetOperation(awaited, context.CancellationToken) is not IInvocationOperation invocation
            || !SymbolEqualityComparer.Default.Equals(invocation.Type, method.ReturnType)
            || !IsCoroutineCallee(invocation.TargetMethod, types)
            || !IsSimple(invocation.Instance)
            || !invocation.Arguments.All(static argument => argument.ArgumentKind == ArgumentKind.DefaultValue || IsSimple(argument.Value)))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            declaration.Identifier.GetLocation(),
            method.Name,
            invocation.TargetMethod.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
    }

    // The call awaited by `=> await X(...)`, `{ return await X(...); }` or `{ await X(...); }`.
    private static InvocationExpressionSyntax? TailAwaited(MethodDeclarationSyntax declaration)
    {
        ExpressionSyntax? expression = declaration.ExpressionBody?.Expression;
        if (declaration.Body is { Statements.Count: 1 } body)
        {
            expression = body.Statements[0] switch
            {
                ReturnStatementSyntax @return => @return.Expression,
                ExpressionStatementSyntax expressionStatement => expressionStatement.Expression,
                _ => null,
            };
        }

        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression is AwaitExpressionSyntax { Expression: InvocationExpressionSyntax invocation } ? invocation : null;
    }

    private static bool HasCoroutineAttribute(IMethodSymbol method, KnownTypes types) =>
        HasAttribute(method, types) || (method.PartialDefinitionPart is { } definition && HasAttribute(definition, types));

    private static bool HasAttribute(IMethodSymbol method, KnownTypes types) =>
        method.GetAttributes().Any(attribute => SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, types.CoroutineAttribute));

    private static bool HasRefParameter(IMethodSymbol method) =>
        method.Parameters.Any(static parameter => parameter.RefKind != RefKind.None || parameter.Type.IsRefLikeType);

    // A coroutine callee only creates a cold Coro when called: an async method returning Coro, or a [Coroutine].
    private static bool IsCoroutineCallee(IMethodSymbol callee, KnownTypes types)
    {
        callee = callee.OriginalDefinition;
        return types.IsCoroutine(callee)
            || (callee.PartialImplementationPart is { } implementation && types.IsCoroutine(implementation))
            || HasCoroutineAttribute(callee, types)
            || (callee.PartialImplementationPart is { } part && HasAttribute(part, types));
    }

    // Values whose evaluation cannot change between the call and the first await: no receiver,
    // `this`, a by-value parameter, a constant or `default`, through implicit conversions.
    private static bool IsSimple(IOperation? operation) => operation is null || LoopContext.WalkDownConversions(operation) switch
    {
        IInstanceReferenceOperation => true,
        IParameterReferenceOperation => true,
        IDefaultValueOperation => true,
        { ConstantValue.HasValue: true } => true,
        _ => false,
    };
}
