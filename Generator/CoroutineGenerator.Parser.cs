// Parser: turns one [Coroutine] method (syntax + symbol) into a CoroutineParseResult.
// Invariants: never throws (per-method work is wrapped; a crash becomes "emit nothing");
// takes nothing Roslyn-typed into the result; reports a diagnostic only for mistakes the C#
// compiler does not already report, and emits nothing for a method with a diagnostic or
// with error types in its signature (half-typed code), so the compiler's own errors are the
// only ones the user sees there.
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using CoroGen.Generator.Interception;
using CoroGen.Generator.Lowering;
using CoroGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoroGen.Generator;

public sealed partial class CoroutineGenerator
{
    private static class Parser
    {
        /// <summary>Fully qualified (<c>global::</c>) names with nullable annotations.</summary>
        private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat s_namespaceFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

        public static CoroutineParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            try
            {
                return context.TargetNode is MethodDeclarationSyntax syntax && context.TargetSymbol is IMethodSymbol method
                    ? Parse(syntax, method, context.SemanticModel, cancellationToken)
                    : CoroutineParseResult.Nothing;
            }
            catch (System.Exception exception) when (exception is not System.OperationCanceledException)
            {
                // Malformed code must never crash the generator; the compiler reports the real errors.
                return CoroutineParseResult.Nothing;
            }
        }

        private static CoroutineParseResult Parse(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            List<TypeDeclarationSyntax>? typeDeclarations = GetEnclosingTypeDeclarations(syntax);
            if (typeDeclarations is null
                || method.PartialDefinitionPart is not null
                || method.PartialImplementationPart is not null
                || IsDuplicate(method)
                || IsInFileLocalType(method))
            {
                // Not in a class/struct/record/interface (extension blocks, broken code); the
                // user already wrote a defining part; a duplicate member (CS0111, whose hint
                // name would collide); or a file-local type, which no other file can extend.
                // Nothing for the generator to add, and the compiler reports what is wrong.
                return CoroutineParseResult.Nothing;
            }

            string methodName = syntax.Identifier.ValueText;
            var diagnostics = new List<DiagnosticInfo>();

            foreach (TypeDeclarationSyntax type in typeDeclarations)
            {
                if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    Add(diagnostics, DiagnosticIds.ContainingTypeNotPartial, type.Identifier.GetLocation(), methodName, type.Identifier.ValueText);
                }
            }

            if (!syntax.Modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                Add(diagnostics, DiagnosticIds.InvalidSignature, syntax.Identifier.GetLocation(), methodName, "is not 'async'");
            }

            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                Add(diagnostics, DiagnosticIds.InvalidSignature, syntax.Identifier.GetLocation(), methodName, "is not 'partial'");
            }

            if (syntax.Body is null && syntax.ExpressionBody is null)
            {
                Add(diagnostics, DiagnosticIds.InvalidSignature, syntax.Identifier.GetLocation(), methodName, "has no body");
            }

            bool hasErrorTypes = ContainsErrorType(method);
            if (!hasErrorTypes && (method.RefKind != RefKind.None || !CoroutineSymbols.IsCoro(method.ReturnType)))
            {
                string returned = (method.RefKind == RefKind.None ? string.Empty : "ref ") + method.ReturnType.ToDisplayString();
                Add(diagnostics, DiagnosticIds.InvalidSignature, syntax.ReturnType.GetLocation(), methodName, $"returns '{returned}'");
            }

            if (!syntax.Modifiers.Any(IsAccessibilityModifier))
            {
                Add(diagnostics, DiagnosticIds.MissingAccessibility, syntax.Identifier.GetLocation(), methodName);
            }

            bool compilerReports = hasErrorTypes || syntax.ParameterList.Parameters.Count != method.Parameters.Length;
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None || parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
                {
                    // C# rejects these on async methods itself (CS1988, CS4005): let it speak alone.
                    compilerReports = true;
                }
                else if (parameter.Type.IsRefLikeType)
                {
                    Location location = parameter.Locations.FirstOrDefault(l => l.IsInSource) ?? syntax.Identifier.GetLocation();
                    Add(diagnostics, DiagnosticIds.UnsupportedParameter, location, parameter.Name, methodName, parameter.Type.ToDisplayString());
                }
            }

            if (diagnostics.Count > 0)
            {
                return new CoroutineParseResult { Spec = null, Diagnostics = diagnostics.ToEquatableArray() };
            }

            if (compilerReports)
            {
                return CoroutineParseResult.Nothing;
            }

            cancellationToken.ThrowIfCancellationRequested();
            CoroutineSpec spec = CreateSpec(syntax, method, typeDeclarations, semanticModel);
            (MachineSpec? machine, FrameSpec? frame) = CoroutineSymbols.HasMachine(method) ? CreateMachine(syntax, method, semanticModel, diagnostics, cancellationToken) : (null, null);
            return new CoroutineParseResult
            {
                Spec = spec with { Machine = machine },
                Diagnostics = diagnostics.ToEquatableArray(),
                Frame = frame,
                BuilderPathSite = machine is { Lowered: true } ? null : InterceptorFinder.BuilderPathSite(syntax.SyntaxTree.FilePath, syntax.Identifier.SpanStart),
            };
        }

        private static CoroutineSpec CreateSpec(MethodDeclarationSyntax syntax, IMethodSymbol method, List<TypeDeclarationSyntax> typeDeclarations, SemanticModel semanticModel)
        {
            var containingTypes = new List<ContainingTypeSpec>();
            INamedTypeSymbol? type = method.ContainingType;
            for (int i = 0; i < typeDeclarations.Count && type is not null; i++, type = type.ContainingType)
            {
                containingTypes.Add(CreateContainingType(typeDeclarations[i], type));
            }

            containingTypes.Reverse();

            var parameters = new List<ParameterSpec>();
            for (int i = 0; i < method.Parameters.Length; i++)
            {
                parameters.Add(CreateParameter(method.Parameters[i], syntax.ParameterList.Parameters[i]));
            }

            string @namespace = method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString(s_namespaceFormat) : string.Empty;

            return new CoroutineSpec
            {
                HintName = CreateHintName(method, @namespace),
                Namespace = @namespace,
                ContainingTypes = containingTypes.ToEquatableArray(),
                Modifiers = syntax.Modifiers
                    .Where(static m => !m.IsKind(SyntaxKind.AsyncKeyword) && !m.IsKind(SyntaxKind.PartialKeyword))
                    .Select(static m => m.Text)
                    .ToEquatableArray(),
                ReturnType = method.ReturnType.ToDisplayString(s_typeFormat),
                Name = syntax.Identifier.Text,
                TypeParameters = method.TypeParameters.Select(CreateTypeParameter).ToEquatableArray(),
                Parameters = parameters.ToEquatableArray(),
                NullableAnnotations = semanticModel.GetNullableContext(syntax.SpanStart).AnnotationsEnabled(),
                Machine = null,
            };
        }

        /// <summary>
        /// Lowers the body into a struct machine; a construct the lowerer does not handle yet
        /// gives CORO0009 at its span and an adapter machine that runs the builder path.
        /// </summary>
        private static (MachineSpec Machine, FrameSpec? Frame) CreateMachine(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel semanticModel, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            MachineLowerer.Result? lowered = null;
            try
            {
                lowered = MachineLowerer.Lower(syntax, method, semanticModel, cancellationToken);
            }
            catch (LoweringNotSupportedException unsupported)
            {
                Add(diagnostics, DiagnosticIds.NotLoweredYet, unsupported.Node.GetLocation(), method.Name, unsupported.Construct);
            }
            catch (System.Exception exception) when (exception is not System.OperationCanceledException)
            {
                // A lowerer bug must not cost the user a build: the builder path is always correct.
                Add(diagnostics, DiagnosticIds.NotLoweredYet, syntax.Identifier.GetLocation(), method.Name, "this method (internal lowering error: " + exception.GetType().Name + ")");
            }

            var usings = new List<string>();
            var namespaceUsings = new List<string>();
            if (syntax.SyntaxTree.GetRoot(cancellationToken) is CompilationUnitSyntax unit)
            {
                usings.AddRange(unit.Usings.Where(static u => u.GlobalKeyword.RawKind == 0).Select(static u => u.WithoutTrivia().ToString()));
            }

            foreach (BaseNamespaceDeclarationSyntax ns in syntax.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse())
            {
                namespaceUsings.AddRange(ns.Usings.Select(static u => u.WithoutTrivia().ToString()));
            }

            var machine = new MachineSpec
            {
                MachineName = CoroutineSymbols.MachineName(method),
                StepName = CoroutineSymbols.StepName(method),
                Key = CoroutineSymbols.Key(method),
                ResultType = CoroutineSymbols.ResultType(method),
                ReturnsVoid = method.ReturnType is INamedTypeSymbol { IsGenericType: false },
                ThisType = method.IsStatic ? null : method.ContainingType.ToDisplayString(s_typeFormat),
                IsPrivate = CoroutineSymbols.SignatureIsNarrow(method) || lowered?.RequiresPrivateMachine == true,
                FactoryIsPrivate = CoroutineSymbols.SignatureIsNarrow(method),
                ThisIsReference = !method.IsStatic && method.ContainingType.IsReferenceType,
                FactoryName = CoroutineSymbols.FactoryName(method),
                ContainerKey = method.ContainingType.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                Lowered = lowered is not null,
                Fields = (lowered?.Fields ?? new List<FieldSpec>()).ToEquatableArray(),
                StepBody = lowered?.StepBody ?? string.Empty,
                ClosureText = lowered?.ClosureText,
                ClosureName = CoroutineSymbols.ClosureName(method),
                CalleeSites = (lowered?.Sites ?? new List<CalleeSiteSpec>()).ToEquatableArray(),
                Usings = usings.ToEquatableArray(),
                NamespaceUsings = namespaceUsings.ToEquatableArray(),
            };
            return (machine, lowered is null ? null : CreateFrame(syntax, method, machine, lowered));
        }

        /// <summary>The machine's size facts: its own fields here, the embedded callees' sizes once the call graph is known.</summary>
        private static FrameSpec CreateFrame(MethodDeclarationSyntax syntax, IMethodSymbol method, MachineSpec machine, MachineLowerer.Result lowered)
        {
            Microsoft.CodeAnalysis.Text.LinePosition name = syntax.Identifier.GetLocation().GetLineSpan().StartLinePosition;
            int resultBytes = method.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } generic ? FrameSizes.Of(generic.TypeArguments[0]) : 1;
            return new FrameSpec
            {
                Key = machine.Key,
                MethodName = method.Name,
                OwnBytes = sizeof(int) + resultBytes + lowered.FrameBytes,
                Callees = machine.CalleeSites.Select(static s => s.CalleeKey).Distinct().ToEquatableArray(),
                FilePath = syntax.SyntaxTree.FilePath,
                Line = name.Line,
                Column = name.Character,
            };
        }

        private static ContainingTypeSpec CreateContainingType(TypeDeclarationSyntax syntax, INamedTypeSymbol type) => new()
        {
            Modifiers = syntax.Modifiers
                .Where(static m => m.Kind() is SyntaxKind.ReadOnlyKeyword or SyntaxKind.RefKeyword or SyntaxKind.UnsafeKeyword)
                .Select(static m => m.Text)
                .ToEquatableArray(),
            Keyword = syntax switch
            {
                RecordDeclarationSyntax record when record.IsKind(SyntaxKind.RecordStructDeclaration) => "record struct",
                RecordDeclarationSyntax => "record",
                StructDeclarationSyntax => "struct",
                InterfaceDeclarationSyntax => "interface",
                _ => "class",
            },
            Name = syntax.Identifier.Text,
            TypeParameters = type.TypeParameters.Select(CreateTypeParameter).ToEquatableArray(),
        };

        private static TypeParameterSpec CreateTypeParameter(ITypeParameterSymbol parameter)
        {
            var constraints = new List<string>();
            if (parameter.HasReferenceTypeConstraint)
            {
                constraints.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
            }
            else if (parameter.HasUnmanagedTypeConstraint)
            {
                constraints.Add("unmanaged");
            }
            else if (parameter.HasValueTypeConstraint)
            {
                constraints.Add("struct");
            }
            else if (parameter.HasNotNullConstraint)
            {
                constraints.Add("notnull");
            }

            for (int i = 0; i < parameter.ConstraintTypes.Length; i++)
            {
                ITypeSymbol constraint = parameter.ConstraintTypes[i].WithNullableAnnotation(parameter.ConstraintNullableAnnotations[i]);
                constraints.Add(constraint.ToDisplayString(s_typeFormat));
            }

            if (parameter.HasConstructorConstraint)
            {
                constraints.Add("new()");
            }

            if (parameter.AllowsRefLikeType)
            {
                constraints.Add("allows ref struct");
            }

            return new TypeParameterSpec
            {
                Name = Escape(parameter.Name),
                Variance = parameter.Variance switch
                {
                    VarianceKind.In => "in ",
                    VarianceKind.Out => "out ",
                    _ => string.Empty,
                },
                Constraints = string.Join(", ", constraints),
            };
        }

        private static ParameterSpec CreateParameter(IParameterSymbol parameter, ParameterSyntax syntax)
        {
            // From syntax: the implementing part's symbol does not report IsThis, and the
            // modifiers must repeat in the user's order. ref/out/in never get here.
            string modifiers = string.Concat(syntax.Modifiers
                .Where(static m => m.Kind() is SyntaxKind.ThisKeyword or SyntaxKind.ScopedKeyword or SyntaxKind.ParamsKeyword)
                .Select(static m => m.Text + " "));

            return new ParameterSpec
            {
                Modifiers = modifiers,
                Type = parameter.Type.ToDisplayString(s_typeFormat),
                Name = Escape(parameter.Name),

                // Only a default written as "= value" is repeated; [DefaultParameterValue] is an
                // attribute, and attributes of both parts are merged by the compiler already.
                DefaultValue = syntax.Default is not null && parameter.HasExplicitDefaultValue ? FormatDefaultValue(parameter) : null,
            };
        }

        /// <summary>
        /// Formats a parameter's constant default value as C# that means the same thing in the
        /// generated file, which has no usings: enum members are fully qualified, numbers get
        /// their type suffix, and a null constant is <c>null</c> where that is valid and <c>default</c> elsewhere
        /// (structs, unconstrained type parameters).
        /// </summary>
        private static string FormatDefaultValue(IParameterSymbol parameter)
        {
            object? value = parameter.ExplicitDefaultValue;
            if (value is null)
            {
                bool acceptsNull = parameter.Type.IsReferenceType
                    || parameter.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
                return acceptsNull ? "null" : "default";
            }

            ITypeSymbol type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
                ? nullable.TypeArguments[0]
                : parameter.Type;

            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
            {
                IFieldSymbol? member = enumType.GetMembers().OfType<IFieldSymbol>()
                    .FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value));
                string enumName = enumType.ToDisplayString(s_typeFormat);
                return member is not null
                    ? enumName + "." + Escape(member.Name)
                    : "(" + enumName + ")(" + FormatPrimitive(value) + ")";
            }

            return FormatPrimitive(value);
        }

        private static string FormatPrimitive(object value) => value switch
        {
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => b ? "true" : "false",
            float f when float.IsNaN(f) => "float.NaN",
            float f when float.IsPositiveInfinity(f) => "float.PositiveInfinity",
            float f when float.IsNegativeInfinity(f) => "float.NegativeInfinity",
            float f => f.ToString("R", CultureInfo.InvariantCulture) + "F",
            double d when double.IsNaN(d) => "double.NaN",
            double d when double.IsPositiveInfinity(d) => "double.PositiveInfinity",
            double d when double.IsNegativeInfinity(d) => "double.NegativeInfinity",
            double d => d.ToString("R", CultureInfo.InvariantCulture) + "D",
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
            uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
            System.IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => "default",
        };

        /// <summary>
        /// <c>Namespace.Outer+Inner.Method.g.cs</c>; when the name could collide (overloads,
        /// names differing only in case, generic arity) a stable hash of the signature is added.
        /// </summary>
        private static string CreateHintName(IMethodSymbol method, string @namespace)
        {
            var builder = new StringBuilder();
            if (@namespace.Length > 0)
            {
                builder.Append(@namespace.Replace("@", string.Empty)).Append('.');
            }

            var types = new List<string>();
            bool disambiguate = false;
            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                types.Add(type.Arity > 0 ? type.Name + "`" + type.Arity.ToString(CultureInfo.InvariantCulture) : type.Name);
                IEnumerable<INamedTypeSymbol> siblings = type.ContainingType?.GetTypeMembers() ?? type.ContainingNamespace.GetTypeMembers();
                disambiguate |= siblings.Count(t => string.Equals(t.Name, type.Name, System.StringComparison.OrdinalIgnoreCase)) > 1;
            }

            for (INamespaceSymbol? ns = method.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                disambiguate |= ns.ContainingNamespace.GetNamespaceMembers().Count(n => string.Equals(n.Name, ns.Name, System.StringComparison.OrdinalIgnoreCase)) > 1;
            }

            types.Reverse();
            builder.Append(string.Join("+", types)).Append('.').Append(method.Name);
            disambiguate |= method.ContainingType!.GetMembers()
                .Count(m => m is IMethodSymbol && string.Equals(m.Name, method.Name, System.StringComparison.OrdinalIgnoreCase)) > 1;

            if (method.Arity > 0)
            {
                builder.Append('`').Append(method.Arity.ToString(CultureInfo.InvariantCulture));
            }

            if (disambiguate)
            {
                // Exact-case container, name, arity and parameter types: what tells colliding names apart.
                string signature = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)
                    + "." + method.Name + "`" + method.Arity.ToString(CultureInfo.InvariantCulture)
                    + "(" + string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))) + ")";
                builder.Append('.').Append(CoroutineSymbols.StableHash(signature).ToString("X8", CultureInfo.InvariantCulture));
            }

            return builder.Append(".g.cs").ToString();
        }

        private static List<TypeDeclarationSyntax>? GetEnclosingTypeDeclarations(MethodDeclarationSyntax syntax)
        {
            var types = new List<TypeDeclarationSyntax>();
            for (SyntaxNode? node = syntax.Parent; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case TypeDeclarationSyntax type when type.Kind() is SyntaxKind.ClassDeclaration or SyntaxKind.StructDeclaration
                        or SyntaxKind.InterfaceDeclaration or SyntaxKind.RecordDeclaration or SyntaxKind.RecordStructDeclaration:
                        types.Add(type);
                        break;
                    case BaseNamespaceDeclarationSyntax or CompilationUnitSyntax:
                        break;
                    default:
                        return null;
                }
            }

            return types.Count > 0 ? types : null;
        }

        private static bool IsDuplicate(IMethodSymbol method) =>
            method.ContainingType is { } type && type.GetMembers(method.Name).Any(other =>
                other is IMethodSymbol candidate
                && !SymbolEqualityComparer.Default.Equals(candidate, method)
                && candidate.Arity == method.Arity
                && candidate.Parameters.Length == method.Parameters.Length
                && candidate.Parameters.Zip(method.Parameters, static (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(static same => same));

        private static bool IsInFileLocalType(IMethodSymbol method)
        {
            for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsFileLocal)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ContainsErrorType(IMethodSymbol method) =>
            ContainsErrorType(method.ReturnType)
            || method.Parameters.Any(p => ContainsErrorType(p.Type))
            || method.TypeParameters.Any(t => t.ConstraintTypes.Any(ContainsErrorType));

        private static bool ContainsErrorType(ITypeSymbol type) => type switch
        {
            { TypeKind: TypeKind.Error } => true,
            IArrayTypeSymbol array => ContainsErrorType(array.ElementType),
            IPointerTypeSymbol pointer => ContainsErrorType(pointer.PointedAtType),
            INamedTypeSymbol named => named.TypeArguments.Any(ContainsErrorType) || (named.ContainingType is { } outer && ContainsErrorType(outer)),
            _ => false,
        };

        private static bool IsAccessibilityModifier(SyntaxToken token) =>
            token.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword or SyntaxKind.InternalKeyword;

        private static string Escape(string identifier) =>
            SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

        private static void Add(List<DiagnosticInfo> diagnostics, string id, Location location, params string[] messageArgs)
        {
            if (LocationInfo.From(location) is { } info)
            {
                diagnostics.Add(new DiagnosticInfo { Id = id, Location = info, MessageArgs = messageArgs.ToEquatableArray() });
            }
        }
    }
}
