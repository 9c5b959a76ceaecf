// Facts about [Coroutine] methods that the parser, the lowerer (for callees) and the
// interceptor finder must agree on: which methods get a machine, and what it is called.
// A method gets a machine exactly when the parser emits a declaration for it, so a caller
// that names a callee's machine never names something that does not exist.
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoroGen.Generator.Lowering;

/// <summary>Machine names and eligibility of <c>[Coroutine]</c> methods.</summary>
internal static class CoroutineSymbols
{
    /// <summary>
    /// True when <paramref name="method"/> (as the generator's input compilation sees it: the
    /// user's implementing part only) is a well-formed coroutine of this compilation, so the
    /// generator emits a machine for it.
    /// </summary>
    public static bool HasMachine(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        if (method.MethodKind != MethodKind.Ordinary || method.PartialDefinitionPart is not null || method.RefKind != RefKind.None
            || !method.IsAsync || method.ContainingType is null || method.ContainingType.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return false;
        }

        if (!method.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == KnownTypeNames.CoroutineAttribute))
        {
            return false;
        }

        if (!IsCoro(method.ReturnType) || method.Parameters.Any(static p => p.RefKind != RefKind.None || p.Type.IsRefLikeType || p.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Error))
        {
            return false;
        }

        if (method.DeclaringSyntaxReferences.Length != 1
            || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax syntax
            || !syntax.Modifiers.Any(SyntaxKind.PartialKeyword)
            || !syntax.Modifiers.Any(static m => m.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword or SyntaxKind.InternalKeyword)
            || (syntax.Body is null && syntax.ExpressionBody is null))
        {
            return false;
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal || type.DeclaringSyntaxReferences.Length == 0
                || type.DeclaringSyntaxReferences.Any(static r => r.GetSyntax() is not TypeDeclarationSyntax declaration || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsCoro(ITypeSymbol type) =>
        type is INamedTypeSymbol { ContainingType: null } named
        && named.ContainingNamespace is { Name: KnownTypeNames.RuntimeNamespace, ContainingNamespace.IsGlobalNamespace: true }
        && (KnownTypeNames.RuntimeNamespace + "." + named.MetadataName) is KnownTypeNames.Coro or KnownTypeNames.CoroOfT;

    /// <summary>The machine struct's name, e.g. <c>__Fetch_Machine</c>; overloads get a stable signature hash.</summary>
    public static string MachineName(IMethodSymbol method) => "__" + method.Name + "_Machine" + OverloadSuffix(method);

    /// <summary>The closure class holding variables that lambdas capture, e.g. <c>__Fetch_Closure</c>.</summary>
    public static string ClosureName(IMethodSymbol method) => "__" + method.Name + "_Closure" + OverloadSuffix(method);

    /// <summary>
    /// The step method's name: the coroutine's own name (an overload taking the machine by
    /// reference), so stack traces of exceptions thrown in the body name the user's method.
    /// </summary>
    public static string StepName(IMethodSymbol method) => method.Name;

    /// <summary>The static factory that starts the machine in a pooled box and returns the coroutine, e.g. <c>__Fetch_Start</c>.</summary>
    public static string FactoryName(IMethodSymbol method) => "__" + method.Name + "_Start" + OverloadSuffix(method);

    /// <summary>
    /// A call of the factory of a (possibly constructed) coroutine. The factory is as accessible
    /// as the coroutine's own signature allows, so whoever can call the coroutine can call it.
    /// </summary>
    public static string FactoryCall(IMethodSymbol method, IEnumerable<string> arguments) =>
        FactoryReference(method) + "(" + string.Join(", ", arguments) + ")";

    /// <summary>The factory of a (possibly constructed) coroutine, with its type arguments.</summary>
    public static string FactoryReference(IMethodSymbol method)
    {
        string typeArguments = method.TypeArguments.Length == 0
            ? string.Empty
            : "<" + string.Join(", ", method.TypeArguments.Select(static t => t.ToDisplayString(MachineLowerer.TypeFormat))) + ">";
        return method.ContainingType.ToDisplayString(MachineLowerer.TypeFormat) + "." + FactoryName(method.OriginalDefinition) + typeArguments;
    }

    /// <summary>
    /// True when <paramref name="type"/> involves a private, protected or file-local type (in its
    /// own or an enclosing type's type arguments too), which an internal machine field or
    /// signature could not expose (CS0052/CS0051).
    /// </summary>
    public static bool InvolvesNonInternalType(ITypeSymbol? type) => type switch
    {
        null => false,
        IArrayTypeSymbol array => InvolvesNonInternalType(array.ElementType),
        IPointerTypeSymbol pointer => InvolvesNonInternalType(pointer.PointedAtType),
        ITypeParameterSymbol => false,
        INamedTypeSymbol named => IsNarrow(named),
        _ => false,
    };

    private static bool IsNarrow(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (t.IsFileLocal || t.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal
                || t.TypeArguments.Any(InvolvesNonInternalType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the coroutine's own signature needs private or protected types.</summary>
    public static bool SignatureIsNarrow(IMethodSymbol method) =>
        InvolvesNonInternalType(method.ReturnType) || method.Parameters.Any(static p => InvolvesNonInternalType(p.Type));

    /// <summary>The call-graph id of a coroutine (its original definition's signature).</summary>
    public static string Key(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        return method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
            + "." + method.Name + "`" + method.Arity.ToString(CultureInfo.InvariantCulture)
            + "(" + string.Join(",", method.Parameters.Select(static p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))) + ")";
    }

    /// <summary>The <c>ICoroMachine&lt;T&gt;</c> result type of a (possibly constructed) coroutine.</summary>
    public static string ResultType(IMethodSymbol method) =>
        method.ReturnType is INamedTypeSymbol { IsGenericType: true } generic
            ? generic.TypeArguments[0].ToDisplayString(MachineLowerer.TypeFormat)
            : "global::CoroGen.Internal.VoidResult";

    /// <summary>The machine type of a (possibly constructed) coroutine as referenced from other code.</summary>
    public static string MachineTypeReference(IMethodSymbol method)
    {
        string typeArguments = method.TypeArguments.Length == 0
            ? string.Empty
            : "<" + string.Join(", ", method.TypeArguments.Select(static t => t.ToDisplayString(MachineLowerer.TypeFormat))) + ">";
        return method.ContainingType.ToDisplayString(MachineLowerer.TypeFormat) + "." + MachineName(method.OriginalDefinition) + typeArguments;
    }

    private static string OverloadSuffix(IMethodSymbol method)
    {
        method = method.OriginalDefinition;
        bool overloaded = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Count() > 1;
        return overloaded ? "_" + StableHash(Key(method)).ToString("X8", CultureInfo.InvariantCulture) : string.Empty;
    }

    /// <summary>FNV-1a: unlike string.GetHashCode, the same on every run and machine.</summary>
    public static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        return hash;
    }
}
