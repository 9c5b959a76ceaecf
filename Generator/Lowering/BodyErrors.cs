// Whether a coroutine body has compile errors, so the lowering leaves it to the builder path:
// the C# compiler reports the errors on the user's body, and a machine (a copy of the body)
// would report them a second time. Reads the bound tree the lowering binds anyway, through
// IOperation, instead of SemanticModel.GetDiagnostics, which compiles the body again with flow
// and nullable analysis (40% of the generator's time on 1,000 coroutines). Errors found only
// by flow analysis (an unassigned local, a missing return) are not seen here and need not be:
// a hoisted local is a field, which C# does not flow-check, so the machine adds none of them.
// A few binding errors that leave a valid-looking operation tree are checked one by one
// (using a non-disposable resource, lock on a value, a conversion that needs a cast).
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Generator.Lowering;

internal static class BodyErrors
{
    /// <summary>True when <paramref name="body"/> has a syntax or binding error.</summary>
    public static bool Any(SyntaxNode body, SemanticModel model, CancellationToken cancellationToken)
    {
        if (body.ContainsDiagnostics && body.GetDiagnostics().Any(static d => d.Severity == DiagnosticSeverity.Error))
        {
            return true;
        }

        if (model.GetOperation(body, cancellationToken) is not { } root)
        {
            return true;
        }

        foreach (IOperation operation in root.DescendantsAndSelf())
        {
            if (IsError(operation, model.Compilation))
            {
                return true;
            }
        }

        return false;
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
