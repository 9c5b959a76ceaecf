// Whether a coroutine body has compile errors, so the lowering leaves it to the builder path:
// the C# compiler reports the errors on the user's body, and a machine (a copy of the body)
// would report them a second time. SemanticModel.GetDiagnostics answers exactly, but it
// compiles the body again with flow and nullable analysis (40% of the generator's time on
// 1,000 coroutines). So the bound tree the lowering binds anyway is read first, through
// IOperation: most errors show there as invalid operations, error types or missing
// conversions. Errors that leave a valid-looking tree (a duplicate case label, a fall-through,
// a return inside finally, flow errors in a lambda, an obsolete-as-error member, constant
// overflow, an instance member in a static method, ...) come with a construct that is rare in
// a body; when one of those is present, the exact check runs. Hoisted locals are fields, which
// C# does not flow-check, so flow errors outside nested functions need no check at all.
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Generator.Lowering;

internal static class BodyErrors
{
    /// <summary>True when <paramref name="body"/>, the body of <paramref name="method"/>, has a syntax or binding error.</summary>
    public static bool Any(SyntaxNode body, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
    {
        if (body.ContainsDiagnostics && body.GetDiagnostics().Any(static d => d.Severity == DiagnosticSeverity.Error))
        {
            return true;
        }

        if (model.GetOperation(body, cancellationToken) is not { } root)
        {
            return true;
        }

        bool suspicious = HasJumpOutOfFinally(body);
        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            if (IsError(operation, model.Compilation))
            {
                return true;
            }

            suspicious = suspicious || IsSuspicious(operation) || (method.IsStatic && operation is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance });
        }

        return suspicious && model.GetDiagnostics(body.Span, cancellationToken)
            .Any(static d => d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError);
    }

    private static bool IsError(IOperation operation, Compilation compilation) => operation switch
    {
        IInvalidOperation => true,
        { Type.TypeKind: TypeKind.Error } => true,
        IVariableDeclaratorOperation { Symbol.Type.TypeKind: TypeKind.Error } => true,
        IConversionOperation { Conversion.Exists: false } => true,

        // An implicit conversion node whose conversion is not implicit: `int x = 3L;` (CS0266).
        // foreach and compound assignment legitimately insert explicit conversions.
        IConversionOperation { IsImplicit: true, Conversion.IsImplicit: false, Conversion.IsUserDefined: false, Parent: not (IForEachLoopOperation or ICompoundAssignmentOperation) } => true,
        ILockOperation { LockedValue.Type.IsReferenceType: false } => true,
        IUsingOperation @using => !AllDisposable(@using.Resources, @using.IsAsynchronous, compilation),
        IUsingDeclarationOperation declaration => !AllDisposable(declaration.DeclarationGroup, declaration.IsAsynchronous, compilation),
        _ => false,
    };

    /// <summary>A construct whose errors the operation tree does not show: the exact check decides.</summary>
    private static bool IsSuspicious(IOperation operation) => operation switch
    {
        ISwitchOperation or ISwitchExpressionOperation => true,
        IAnonymousFunctionOperation or ILocalFunctionOperation => true,
        IThrowOperation { Exception: null } => true,
        IVariableDeclaratorOperation { Symbol.IsConst: true } => true,
        IBinaryOperation { LeftOperand.ConstantValue.HasValue: true, RightOperand.ConstantValue.HasValue: true, ConstantValue.HasValue: false } => true,
        ITupleOperation { Syntax: TupleExpressionSyntax tuple } when tuple.Arguments.Any(static a => a.NameColon is not null) => true,
        IMemberReferenceOperation { Instance: null, Member.IsStatic: false } => true,
        IInvocationOperation { Instance: null, TargetMethod.IsStatic: false } => true,
        IInvocationOperation invocation => IsObsolete(invocation.TargetMethod),
        IMemberReferenceOperation reference => IsObsolete(reference.Member),
        IObjectCreationOperation { Constructor: { } constructor } => IsObsolete(constructor),
        IVariableDeclaratorOperation declarator => IsObsolete(declarator.Symbol.Type),
        _ => false,
    };

    private static bool IsObsolete(ISymbol symbol)
    {
        for (ISymbol? s = symbol; s is not null; s = s.ContainingType)
        {
            if (s.GetAttributes().Any(static a => a.AttributeClass is { Name: "ObsoleteAttribute" }))
            {
                return true;
            }
        }

        return symbol is INamedTypeSymbol { TypeArguments.Length: > 0 } generic && generic.TypeArguments.Any(IsObsolete);
    }

    private static bool HasJumpOutOfFinally(SyntaxNode body) =>
        body.DescendantNodes().OfType<FinallyClauseSyntax>().Any(static f => f.Block.DescendantNodes().Any(static n =>
            n is ReturnStatementSyntax or GotoStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax));

    private static bool AllDisposable(IOperation resources, bool isAsync, Compilation compilation)
    {
        IEnumerable<ITypeSymbol?> types = resources is IVariableDeclarationGroupOperation group
            ? group.Declarations.SelectMany(static d => d.Declarators).Select(static d => (ITypeSymbol?)d.Symbol.Type)
            : new[] { resources.Type };
        INamedTypeSymbol? disposable = compilation.GetTypeByMetadataName(isAsync ? "System.IAsyncDisposable" : "System.IDisposable");
        foreach (ITypeSymbol? type in types)
        {
            if (type is null || disposable is null || type.TypeKind == TypeKind.Dynamic
                || compilation.ClassifyCommonConversion(type, disposable).IsImplicit
                || ((isAsync || type.IsRefLikeType) && type.GetMembers(isAsync ? "DisposeAsync" : "Dispose").OfType<IMethodSymbol>().Any(static m => !m.IsStatic)))
            {
                continue;
            }

            return false;
        }

        return true;
    }
}
