// The coroutine lowerer: what Roslyn's AsyncRewriter does, at source level, for the machine
// path (DESIGN §3). Invariants:
// - Statements that contain no await are copied (through BodyRewriter, which only renames
//   hoisted variables and rewrites jumps); statements that do are flattened into labels and
//   gotos so every resume point is reachable from the dispatch at the top of its region.
// - A region is the method body or the try block of a flattened try: C# cannot jump into a
//   try, so each try re-dispatches on the state inside itself, and its finally runs only when
//   the machine is not suspending (state < 0).
// - States: 0 = not started, -1 = running, -2 = finished, k > 0 = suspended at resume point k.
// - Locals whose scope contains an await live in the machine (hoisted); parameters always do.
// - Anything not handled throws LoweringNotSupportedException at the offending node; the
//   method then keeps the builder path (never a silent miscompile).
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using CoroGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoroGen.Generator.Lowering;

/// <summary>Lowers one coroutine body into the step method of a struct machine.</summary>
internal sealed partial class MachineLowerer
{
    /// <summary>The machine parameter of the step method.</summary>
    internal const string M = "__m";

    /// <summary>The task parameter of the step method.</summary>
    internal const string Task = "__task";

    internal static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private const string CoroAwaiterInterface = KnownTypeNames.CoroAwaiter;

    private readonly SemanticModel _model;
    private readonly IMethodSymbol _method;
    private readonly SyntaxNode _body;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<SyntaxNode> _containsAwait = new();
    private readonly Dictionary<ISymbol, string> _fieldOf = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _fieldNames = new();
    private readonly List<FieldSpec> _fields = new();
    private readonly Dictionary<SyntaxNode, JumpTargets> _jumpTargets = new();
    private readonly Dictionary<SyntaxNode, string> _substitutions = new();
    private readonly List<CalleeSiteSpec> _sites = new();
    private readonly Dictionary<string, string> _awaiterFields = new();
    private readonly Dictionary<string, string> _calleeFields = new();
    private readonly Stack<Region> _regions = new();
    private int _frameBytes;
    private int _labels;
    private int _states;
    private int _temps;

    private MachineLowerer(SemanticModel model, IMethodSymbol method, SyntaxNode body, CancellationToken cancellationToken)
    {
        _model = model;
        _method = method;
        _body = body;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The result of lowering: fields, step body and callee sites.</summary>
    internal sealed class Result
    {
        public required List<FieldSpec> Fields { get; init; }

        public required string StepBody { get; init; }

        public required List<CalleeSiteSpec> Sites { get; init; }

        public required bool RequiresPrivateMachine { get; init; }

        public required string? ClosureText { get; init; }

        /// <summary>Estimated bytes of the fields the lowering added (not the inlined callees' machines).</summary>
        public required int FrameBytes { get; init; }
    }

    /// <summary>Where <c>break</c> and <c>continue</c> of a flattened loop or switch go.</summary>
    private sealed record JumpTargets(string Break, string? Continue, int FrameDepth);

    /// <summary>The body or a flattened try block: its text and the resume states reachable inside it.</summary>
    private sealed class Region
    {
        public SourceWriter Writer { get; } = new();

        /// <summary>The label before the try statement, which outer regions jump to; null for the body.</summary>
        public string? EntryLabel { get; init; }

        public List<(int State, string Label)> Dispatch { get; } = new();
    }

    /// <summary>
    /// Lowers <paramref name="syntax"/>'s body. Throws <see cref="LoweringNotSupportedException"/>
    /// for a construct the machine path does not compile yet.
    /// </summary>
    public static Result Lower(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
    {
        SyntaxNode body = (SyntaxNode?)syntax.Body ?? syntax.ExpressionBody ?? throw new LoweringNotSupportedException(syntax, "a method without a body");
        var lowerer = new MachineLowerer(FlowFreeSemanticModel.Create(model.Compilation, syntax.SyntaxTree), method, body, cancellationToken);
        return lowerer.Run(syntax);
    }

    private Result Run(MethodDeclarationSyntax syntax)
    {
        if (BodyErrors.Any(_body, _method, _model, _cancellationToken))
        {
            throw new LoweringNotSupportedException(syntax.Identifier.Parent!, "a body with compile errors");
        }

        MarkAwaits(_body);
        foreach (IParameterSymbol parameter in _method.Parameters)
        {
            _fieldOf[parameter] = AddField(parameter.Type, "p_" + parameter.Name, _body);
        }

        CheckFileLocalTypes();
        CheckConditionalCalls();
        HoistLocals();
        PlanClosures();
        CheckQueries();
        CheckLocalFunctionNames();

        var root = new Region();
        _regions.Push(root);
        EmitClosureCreation(ClosureTypeReference);
        if (syntax.Body is { } block)
        {
            FlattenStatements(block.Statements);
        }
        else
        {
            ExpressionSyntax expression = syntax.ExpressionBody!.Expression;
            EmitLineOf(expression);
            if (expression is ThrowExpressionSyntax throwExpression)
            {
                // `=> throw e;` cannot become `__result = throw e;` (CS8115; corpus: ExpressionBodiedThrow).
                Emit($"throw {SpillAndRewrite(throwExpression.Expression)};");
            }
            else if (ReturnsVoid)
            {
                EmitExpressionStatement(expression);
            }
            else
            {
                EmitReturn(expression);
            }
        }

        // Falling off the end of a Coro method returns.
        Out.WriteDirective("#line hidden");
        Emit($"{M}.__state = -2;");
        Emit("return true;");
        Out.WriteDirective("#line default");
        _regions.Pop();

        var text = new SourceWriter();
        WriteDispatch(text, root, start: true);
        text.Indentation = 0;
        return new Result
        {
            Fields = _fields,
            StepBody = text + root.Writer.ToString(),
            Sites = _sites,
            RequiresPrivateMachine = RequiresPrivateMachine,
            ClosureText = ClosureText,
            FrameBytes = _frameBytes,
        };
    }

    private bool ReturnsVoid => _method.ReturnType is INamedTypeSymbol { IsGenericType: false };

    // ---------------------------------------------------------------- analysis

    /// <summary>Marks every node on the path from an await up to the body (not through lambdas).</summary>
    private void MarkAwaits(SyntaxNode body)
    {
        foreach (SyntaxNode node in body.DescendantNodes(static n => !IsFunction(n)))
        {
            if (node is AwaitExpressionSyntax or CommonForEachStatementSyntax { AwaitKeyword.RawKind: not 0 }
                or UsingStatementSyntax { AwaitKeyword.RawKind: not 0 }
                or LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: not 0 })
            {
                for (SyntaxNode? n = node; n is not null && n != body.Parent; n = n.Parent)
                {
                    if (!_containsAwait.Add(n))
                    {
                        break;
                    }
                }
            }
        }
    }

    internal static bool IsFunction(SyntaxNode node) =>
        node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;

    private bool HasAwait(SyntaxNode? node) => node is not null && _containsAwait.Contains(node);

    /// <summary>Hoists every local whose scope contains an await.</summary>
    private void HoistLocals()
    {
        foreach (SyntaxNode node in _body.DescendantNodes(static n => !IsFunction(n)))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            ISymbol? symbol = node switch
            {
                VariableDeclaratorSyntax declarator => _model.GetDeclaredSymbol(declarator, _cancellationToken),
                SingleVariableDesignationSyntax designation => _model.GetDeclaredSymbol(designation, _cancellationToken),
                ForEachStatementSyntax forEach => _model.GetDeclaredSymbol(forEach, _cancellationToken),
                CatchDeclarationSyntax { Identifier.RawKind: not 0 } catchDeclaration => _model.GetDeclaredSymbol(catchDeclaration, _cancellationToken),
                _ => null,
            };

            if (symbol is not ILocalSymbol local || !HasAwait(ScopeOf(node)))
            {
                continue;
            }

            if (local.IsRef || local.Type.IsRefLikeType || local.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
            {
                throw new LoweringNotSupportedException(node, $"the ref or ref struct local '{local.Name}' in a scope that contains an await");
            }

            if (local.IsConst)
            {
                continue;
            }

            _fieldOf[local] = AddField(local.Type, "l_" + local.Name, node, maybeNull: IsImplicitlyTyped(node));
        }
    }

    /// <summary>The node whose extent is the local's scope (over-approximated: hoisting more is always correct).</summary>
    private static SyntaxNode? ScopeOf(SyntaxNode declaration)
    {
        SyntaxNode? scope = DeclarationScope(declaration);

        // A local declared in a switch section is in scope in the whole switch block: another
        // section may hold it across an await (corpus: SwitchLocalDeclaredInSectionWithoutAwait;
        // its step method did not compile, CS0165).
        return scope is SwitchSectionSyntax ? scope.Parent : scope;
    }

    private static SyntaxNode? DeclarationScope(SyntaxNode declaration)
    {
        for (SyntaxNode? node = declaration.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                // CommonForEachStatementSyntax includes `foreach (var (x, y) in ...)`, whose variables
                // were hoisted to the enclosing block before (BodyErrorTests; the copy did not compile, CS8186).
                case BlockSyntax or SwitchSectionSyntax or ForStatementSyntax or CommonForEachStatementSyntax
                    or UsingStatementSyntax or CatchClauseSyntax or WhileStatementSyntax or DoStatementSyntax:
                    return node;
                case ArrowExpressionClauseSyntax:
                    return node;
                case IfStatementSyntax when declaration is SingleVariableDesignationSyntax && node.Parent is BlockSyntax or SwitchSectionSyntax:
                    return node.Parent;
            }
        }

        return null;
    }

    /// <summary>
    /// The clauses of a query expression after its first `from` are lambdas the closure does not
    /// rewrite (corpus: QueryOverHoistedLocals; the step method did not compile, CS1628).
    /// </summary>
    private void CheckQueries()
    {
        foreach (QueryBodySyntax query in _body.DescendantNodes().OfType<QueryExpressionSyntax>().Select(static q => q.Body))
        {
            foreach (IdentifierNameSyntax name in query.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                ISymbol? symbol = _model.GetSymbolInfo(name, _cancellationToken).Symbol;
                if (symbol is not null && _fieldOf.ContainsKey(symbol))
                {
                    throw new LoweringNotSupportedException(query, $"a query clause that captures '{symbol.Name}'");
                }
            }
        }
    }

    /// <summary>
    /// The step method and the machine live in the generated file, which cannot see the user
    /// file's `file` types (corpus: FileLocalTypeAcrossAwait, FileLocalTypeNotHeld; neither compiled).
    /// </summary>
    private void CheckFileLocalTypes()
    {
        // A file-local type can only be named in the file that declares it: without one in this
        // file there is nothing to find, and binding every name of the body is not free.
        if (!_body.SyntaxTree.GetRoot(_cancellationToken).DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
            .OfType<BaseTypeDeclarationSyntax>().Any(static t => t.Modifiers.Any(SyntaxKind.FileKeyword)))
        {
            return;
        }

        foreach (SimpleNameSyntax name in _body.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            ISymbol? symbol = _model.GetSymbolInfo(name, _cancellationToken).Symbol;
            for (INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol?.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsFileLocal)
                {
                    throw new LoweringNotSupportedException(name, $"the file-local type '{type.Name}'");
                }
            }
        }
    }

    /// <summary>
    /// Whether a [Conditional] call is compiled depends on the symbols #define'd in the file of
    /// the call; the step method's file defines none of the user file's (corpus:
    /// ConditionalCallWithFileDefine; the machine path silently dropped the calls).
    /// </summary>
    private void CheckConditionalCalls()
    {
        if (_body.SyntaxTree.GetRoot(_cancellationToken).GetFirstDirective(static d => d.IsKind(SyntaxKind.DefineDirectiveTrivia) || d.IsKind(SyntaxKind.UndefDirectiveTrivia)) is null)
        {
            return;
        }

        foreach (InvocationExpressionSyntax invocation in _body.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (_model.GetSymbolInfo(invocation, _cancellationToken).Symbol is IMethodSymbol method
                && method.GetAttributes().Any(static a => a.AttributeClass?.ToDisplayString() == "System.Diagnostics.ConditionalAttribute"))
            {
                throw new LoweringNotSupportedException(invocation, $"a call of the [Conditional] method '{method.Name}' in a file with #define or #undef");
            }
        }
    }

    /// <summary>
    /// A local function or constant declared in a flattened block lands in the step method's top
    /// scope, where another declaration of the same name (legal in another block) collides
    /// (corpus: SameLocalFunctionNameInTwoLoops, SameConstNameInTwoLoops; their step methods did
    /// not compile, CS0128/CS0136). Hoisted locals are fields and never collide.
    /// </summary>
    private void CheckLocalFunctionNames()
    {
        var declared = new List<(SyntaxNode Node, string Name)>();
        foreach (SyntaxNode node in _body.DescendantNodes(static n => !IsFunction(n)))
        {
            switch (node)
            {
                case LocalFunctionStatementSyntax function:
                    declared.Add((function, function.Identifier.ValueText));
                    break;
                case VariableDeclaratorSyntax variable:
                    declared.Add((variable, variable.Identifier.ValueText));
                    break;
                case SingleVariableDesignationSyntax designation:
                    declared.Add((designation, designation.Identifier.ValueText));
                    break;
                case ForEachStatementSyntax forEach:
                    declared.Add((forEach, forEach.Identifier.ValueText));
                    break;
                case CatchDeclarationSyntax { Identifier.RawKind: not 0 } catchDeclaration:
                    declared.Add((catchDeclaration, catchDeclaration.Identifier.ValueText));
                    break;
            }
        }

        foreach ((SyntaxNode node, string name) in declared)
        {
            SyntaxNode? statement = node switch
            {
                LocalFunctionStatementSyntax => node,
                VariableDeclaratorSyntax { Parent.Parent: LocalDeclarationStatementSyntax { IsConst: true } constant } => constant,
                _ => null,
            };

            if (statement is not null && statement.Parent != _body && HasAwait(statement.Parent)
                && declared.Count(d => d.Name == name) > 1)
            {
                throw new LoweringNotSupportedException(node, $"a local function or constant named '{name}' in a block with an await, and another declaration of that name in the method");
            }
        }
    }

    // ---------------------------------------------------------------- fields, labels, states

    /// <summary>True when a field's type is private or protected somewhere: the machine struct must then be private too.</summary>
    internal bool RequiresPrivateMachine { get; private set; }

    /// <summary>
    /// True for a local declared with <c>var</c>: C# gives it a nullable type, which the
    /// lowering's model (no nullable analysis) does not show.
    /// </summary>
    private static bool IsImplicitlyTyped(SyntaxNode declaration)
    {
        switch (declaration)
        {
            case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax variables }:
                return variables.Type.IsVar;
            case ForEachStatementSyntax forEach:
                return forEach.Type.IsVar;
            case SingleVariableDesignationSyntax designation:
                for (SyntaxNode? node = designation.Parent; node is not null; node = node.Parent)
                {
                    switch (node)
                    {
                        case ParenthesizedVariableDesignationSyntax:
                            continue;
                        case DeclarationExpressionSyntax expression:
                            return expression.Type.IsVar;
                        case VarPatternSyntax:
                            return true;
                        default:
                            return false;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private string AddField(ITypeSymbol type, string baseName, SyntaxNode where, bool maybeNull = false)
    {
        if (maybeNull && type.IsReferenceType)
        {
            type = type.WithNullableAnnotation(NullableAnnotation.Annotated);
        }

        RequiresPrivateMachine |= CoroutineSymbols.InvolvesNonInternalType(type);
        if (type.IsAnonymousType || ContainsAnonymous(type))
        {
            throw new LoweringNotSupportedException(where, "a variable of an anonymous type held across an await");
        }

        // A private or protected type makes the machine private (RequiresPrivateMachine): the step
        // method and the machine then share the type's accessibility domain (the corpus's
        // PrivateTypeAcrossAwait failed with CS0052 before machines could be private).
        return AddField(type.ToDisplayString(TypeFormat), baseName, FrameSizes.Of(type));
    }

    // Containing types count: `CoroTask<anonymous>.Awaiter` names one too (corpus:
    // GenericCalleeWithAnonymousTypeArgument; its machine did not compile).
    internal static bool ContainsAnonymous(ITypeSymbol type) => type switch
    {
        { IsAnonymousType: true } => true,
        IArrayTypeSymbol array => ContainsAnonymous(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsAnonymous) || (named.ContainingType is { } containing && ContainsAnonymous(containing)),
        _ => false,
    };

    /// <param name="type">The field's type as C# text, or a callee-site marker (an inlined machine).</param>
    /// <param name="baseName">The field's name before de-duplication.</param>
    /// <param name="bytes">The field's estimated size; by default, from <paramref name="type"/>'s keyword.</param>
    private string AddField(string type, string baseName, int bytes = -1)
    {
        _frameBytes += bytes >= 0 ? bytes : FrameSizes.OfKeyword(type);
        string name = baseName.Replace("@", string.Empty);
        for (int i = 1; !_fieldNames.Add(name); i++)
        {
            name = baseName.Replace("@", string.Empty) + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _fields.Add(new FieldSpec(type, name));
        return name;
    }

    private string NewLabel(string kind) => $"__coro_{kind}{_labels++}";

    private readonly Dictionary<ILabelSymbol, string> _userLabels = new(SymbolEqualityComparer.Default);

    /// <summary>The step method's name for a user label of a flattened block (unique: sibling blocks may reuse a name).</summary>
    private string UserLabel(LabeledStatementSyntax labeled)
    {
        var symbol = (ILabelSymbol)_model.GetDeclaredSymbol(labeled, _cancellationToken)!;
        if (!_userLabels.TryGetValue(symbol, out string? name))
        {
            name = $"__coro_user_{symbol.Name}_{_labels++}";
            _userLabels[symbol] = name;
        }

        return name;
    }

    /// <summary>The label a goto jumps to when its target was flattened, or null when the goto and its label were copied together.</summary>
    private string? UserLabelOf(GotoStatementSyntax statement)
    {
        if (_model.GetSymbolInfo(statement.Expression!, _cancellationToken).Symbol is not ILabelSymbol symbol
            || symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is not LabeledStatementSyntax labeled
            || !(labeled.Parent == _body || labeled.Parent is BlockSyntax or SwitchSectionSyntax && HasAwait(labeled.Parent)))
        {
            return null;
        }

        return UserLabel(labeled);
    }

    private string NewTemp(ITypeSymbol type, SyntaxNode where) => AddField(type, "__t" + _temps++, where);

    private SourceWriter Out => _regions.Peek().Writer;

    private void Emit(string line)
    {
        if (line.StartsWith("#", System.StringComparison.Ordinal))
        {
            Out.WriteDirective(line);
        }
        else
        {
            Out.WriteLine(line);
        }
    }

    /// <summary>Maps what follows to the user's line of <paramref name="node"/>, so stack traces and breakpoints point at user code.</summary>
    private void EmitLineOf(SyntaxNode node)
    {
        string path = node.SyntaxTree.FilePath;
        if (path.Length == 0 || path.IndexOf('"') >= 0)
        {
            return;
        }

        int line = node.SyntaxTree.GetLineSpan(node.Span, _cancellationToken).StartLinePosition.Line + 1;
        Out.WriteDirective($"#line {line.ToString(System.Globalization.CultureInfo.InvariantCulture)} \"{path}\"");
    }

    private void EmitLabel(string label) => Out.WriteLine(label + ":");

    /// <summary>A new resume state reachable from every enclosing region's dispatch.</summary>
    private int NewState(string label)
    {
        int state = ++_states;
        string target = label;
        foreach (Region region in _regions)
        {
            // Innermost first: it jumps straight to the label; each outer region jumps to the
            // entry of the region inside it, which dispatches again.
            region.Dispatch.Add((state, target));
            if (region.EntryLabel is { } entry)
            {
                target = entry;
            }
        }

        return state;
    }

    private static void WriteDispatch(SourceWriter writer, Region region, bool start)
    {
        if (region.Dispatch.Count == 0 && !start)
        {
            return;
        }

        writer.WriteLine($"switch ({M}.__state)");
        writer.OpenBlock();
        if (start)
        {
            writer.WriteLine("case 0:");
            writer.WriteLine("    break;");
        }

        foreach (IGrouping<string, (int State, string Label)> group in region.Dispatch.GroupBy(static d => d.Label))
        {
            foreach ((int state, string _) in group)
            {
                writer.WriteLine($"case {state.ToString(System.Globalization.CultureInfo.InvariantCulture)}:");
            }

            writer.WriteLine($"    goto {group.Key};");
        }

        if (start)
        {
            writer.WriteLine("default:");
            writer.WriteLine("    throw new global::System.InvalidOperationException(\"A coroutine machine was resumed after it finished.\");");
        }

        writer.CloseBlock();
        writer.WriteLine();
        if (start)
        {
            writer.WriteLine($"{M}.__state = -1;");
        }
    }
}
