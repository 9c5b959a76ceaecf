// Small syntax helpers shared by the code fixes.
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace CoroGen.Analyzers.CodeFixes;

internal static class FixSyntax
{
    /// <summary>The innermost method, local function or lambda around <paramref name="node"/>, or <see langword="null"/>.</summary>
    public static SyntaxNode? EnclosingFunction(SyntaxNode node)
    {
        for (SyntaxNode? current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                case BaseMethodDeclarationSyntax:
                case AccessorDeclarationSyntax:
                    return current;
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="function"/> is declared <c>async</c>.</summary>
    public static bool IsAsync(SyntaxNode? function) => function switch
    {
        AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
        LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
        MethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
        _ => false,
    };

    /// <summary>
    /// Whether an <c>await</c> may replace <paramref name="node"/>: inside an async function and
    /// not inside a <c>lock</c> statement (CS1996) in that function.
    /// </summary>
    public static bool CanAwaitAt(SyntaxNode node)
    {
        SyntaxNode? function = EnclosingFunction(node);
        if (!IsAsync(function))
        {
            return false;
        }

        for (SyntaxNode? current = node.Parent; current is not null && current != function; current = current.Parent)
        {
            if (current is LockStatementSyntax)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>await <paramref name="operand"/></c>, keeping the operand's outer trivia on the await.</summary>
    public static AwaitExpressionSyntax Await(ExpressionSyntax operand) =>
        SyntaxFactory.AwaitExpression(operand.WithoutTrivia())
            .WithTriviaFrom(operand);

    /// <summary>The awaitable in <c>x.GetAwaiter().GetResult()</c> (a synchronous wait), or <see langword="null"/>.</summary>
    public static ExpressionSyntax? GetResultReceiver(ExpressionSyntax node) => node switch
    {
        InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax
            {
                Name.Identifier.ValueText: "GetResult",
                Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter },
            },
        } => getAwaiter.Expression,
        _ => null,
    };

    /// <summary>
    /// <c>await operand</c> to stand where <paramref name="node"/> stood: bare as a statement,
    /// parenthesised inside a larger expression unless the simplifier finds the parentheses redundant.
    /// </summary>
    public static ExpressionSyntax AwaitInPlaceOf(ExpressionSyntax node, ExpressionSyntax operand)
    {
        AwaitExpressionSyntax awaited = Await(operand);
        return node.Parent is ExpressionStatementSyntax
            ? awaited.WithTriviaFrom(node)
            : SyntaxFactory.ParenthesizedExpression(awaited.WithoutTrivia()).WithTriviaFrom(node).WithAdditionalAnnotations(Simplifier.Annotation);
    }
}
