// Copies user code into the step method. Only what must change changes: hoisted locals and
// parameters become machine fields (keeping inferred tuple and anonymous-type member names),
// nameof keeps its text, `return` ends the machine, break/continue of a flattened loop become
// gotos, awaits already lowered become their temps, and calls of other coroutines build their
// machines. Lambdas and local functions are copied as written (they capture nothing hoisted),
// except that, like all copied code, multi-line string literals become single-line ones and
// calls get the caller information of the user's method passed explicitly.
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Generator.Lowering;

internal sealed partial class MachineLowerer
{
    private string Rewrite(SyntaxNode node) => new BodyRewriter(this, closureMode: false).Visit(node)!.ToString();

    /// <summary>
    /// Copied calls would get the step method's caller information ([CallerMemberName],
    /// [CallerLineNumber], [CallerFilePath], [CallerArgumentExpression] of the rewritten text):
    /// omitted caller-info arguments are passed explicitly, with the values C# gives the user's
    /// call (corpus: CallerInfoArguments; ArgumentNullException.ThrowIfNull named '__m.l_x').
    /// </summary>
    private T WithCallerInfo<T>(SyntaxNode original, T rewritten)
        where T : ExpressionSyntax
    {
        ImmutableArray<IArgumentOperation> arguments = _model.GetOperation(original, _cancellationToken) switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => ImmutableArray<IArgumentOperation>.Empty,
        };

        var extra = new List<ArgumentSyntax>();
        foreach (IArgumentOperation argument in arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue || argument.Parameter is not { } parameter)
            {
                continue;
            }

            string? value = null;
            foreach (AttributeData attribute in parameter.GetAttributes())
            {
                switch (attribute.AttributeClass?.ToDisplayString())
                {
                    case "System.Runtime.CompilerServices.CallerMemberNameAttribute":
                        value = SymbolDisplay.FormatLiteral(_method.Name, quote: true);
                        break;
                    case "System.Runtime.CompilerServices.CallerFilePathAttribute":
                        value = SymbolDisplay.FormatLiteral(original.GetLocation().GetMappedLineSpan().Path, quote: true);
                        break;
                    case "System.Runtime.CompilerServices.CallerLineNumberAttribute":
                        value = (CallerToken(original).GetLocation().GetMappedLineSpan().StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case "System.Runtime.CompilerServices.CallerArgumentExpressionAttribute"
                        when attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string target:
                        IArgumentOperation? source = arguments.FirstOrDefault(a => a.Parameter?.Name == target && a.ArgumentKind != ArgumentKind.DefaultValue);
                        if (source?.Syntax is ArgumentSyntax { Expression: { } expression })
                        {
                            value = SymbolDisplay.FormatLiteral(expression.ToString(), quote: true);
                        }

                        break;
                }
            }

            if (value is not null)
            {
                extra.Add(SyntaxFactory.Argument(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(parameter.Name).WithoutTrivia())), default, SyntaxFactory.ParseExpression(value)));
            }
        }

        if (extra.Count == 0)
        {
            return rewritten;
        }

        return rewritten switch
        {
            InvocationExpressionSyntax invocation => (T)(ExpressionSyntax)invocation.WithArgumentList(invocation.ArgumentList.AddArguments(extra.ToArray())),
            BaseObjectCreationExpressionSyntax creation => (T)(ExpressionSyntax)creation.WithArgumentList((creation.ArgumentList ?? SyntaxFactory.ArgumentList()).AddArguments(extra.ToArray())),
            _ => rewritten,
        };
    }

    /// <summary>The token whose line C# reports as a call's [CallerLineNumber].</summary>
    private static SyntaxToken CallerToken(SyntaxNode call) => call switch
    {
        InvocationExpressionSyntax invocation => invocation.ArgumentList.OpenParenToken,
        BaseObjectCreationExpressionSyntax creation => creation.NewKeyword,
        _ => call.GetFirstToken(),
    };

    private sealed class BodyRewriter : CSharpSyntaxRewriter
    {
        private readonly MachineLowerer _lowerer;

        /// <summary>True while rewriting a lambda body moved into the closure class (see MachineLowerer.Closures.cs).</summary>
        private readonly bool _closureMode;

        public BodyRewriter(MachineLowerer lowerer, bool closureMode)
        {
            _lowerer = lowerer;
            _closureMode = closureMode;
        }

        private SemanticModel Model => _lowerer._model;

        public override SyntaxNode? Visit(SyntaxNode? node)
        {
            if (node is null)
            {
                return null;
            }

            if (_lowerer._substitutions.TryGetValue(node, out string? text))
            {
                return Parse(text).WithTriviaFrom(node);
            }

            if (!_closureMode && IsFunction(node))
            {
                return node is AnonymousFunctionExpressionSyntax lambda && _lowerer._movedLambdas.ContainsKey(lambda)
                    ? Parse(_lowerer.MoveLambda(lambda)).WithTriviaFrom(node)
                    : new SingleLineLiterals(_lowerer).Visit(node);
            }

            return base.Visit(node);
        }

        public override SyntaxToken VisitToken(SyntaxToken token) => SingleLineLiterals.Convert(base.VisitToken(token));

        public override SyntaxNode? VisitInterpolatedStringExpression(InterpolatedStringExpressionSyntax node) =>
            SingleLineLiterals.Flatten(node, (InterpolatedStringExpressionSyntax)base.VisitInterpolatedStringExpression(node)!);

        private static ExpressionSyntax Parse(string text) => SyntaxFactory.ParseExpression(text);

        private string? FieldOf(SyntaxNode node) =>
            Model.GetSymbolInfo(node).Symbol is { } symbol && _lowerer._fieldOf.TryGetValue(symbol, out string? field) ? field : null;

        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (node.Parent is NameColonSyntax || node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
            {
                return node;
            }

            if (_closureMode)
            {
                return ClosureReference(node) is { } reference ? Parse(reference).WithTriviaFrom(node) : node;
            }

            return FieldOf(node) is { } field ? Parse($"{M}.{field}").WithTriviaFrom(node) : node;
        }

        public override SyntaxNode? VisitGenericName(GenericNameSyntax node)
        {
            if (_closureMode && !(node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
                && IsImplicitInstanceMember(node))
            {
                return Parse("__outer." + base.VisitGenericName(node)!.ToString()).WithTriviaFrom(node);
            }

            return base.VisitGenericName(node);
        }

        public override SyntaxNode? VisitThisExpression(ThisExpressionSyntax node) =>
            _closureMode ? Parse("__outer").WithTriviaFrom(node) : base.VisitThisExpression(node);

        /// <summary>In a moved lambda: a captured variable is a closure field; an implicit instance member goes through <c>__outer</c>.</summary>
        private string? ClosureReference(SimpleNameSyntax node)
        {
            if (FieldOf(node) is { } field && field.StartsWith(ClosureField + ".", System.StringComparison.Ordinal))
            {
                return "this." + field.Substring(ClosureField.Length + 1);
            }

            return IsImplicitInstanceMember(node) ? "__outer." + node.Identifier.Text : null;
        }

        private bool IsImplicitInstanceMember(SimpleNameSyntax node)
        {
            if (node.Parent is AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax } assignment && assignment.Left == node)
            {
                return false;
            }

            ISymbol? symbol = Model.GetSymbolInfo(node).Symbol ?? Model.GetSymbolInfo(node).CandidateSymbols.FirstOrDefault();
            return symbol is IFieldSymbol or IPropertySymbol or IMethodSymbol or IEventSymbol
                && !symbol.IsStatic
                && symbol is not IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction }
                && !_lowerer._method.IsStatic
                && IsMemberOfContainer(symbol.ContainingType);
        }

        private bool IsMemberOfContainer(INamedTypeSymbol? type)
        {
            for (INamedTypeSymbol? t = _lowerer._method.ContainingType; t is not null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, type?.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            if (node.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" }
                && Model.GetConstantValue(node).Value is string name)
            {
                return Parse(SymbolDisplay.FormatLiteral(name, quote: true)).WithTriviaFrom(node);
            }

            if (!_closureMode && _lowerer.BoxedCall(node) is { } boxed)
            {
                return Parse(boxed).WithTriviaFrom(node);
            }

            return _lowerer.WithCallerInfo(node, (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!);
        }

        public override SyntaxNode? VisitObjectCreationExpression(ObjectCreationExpressionSyntax node) =>
            _lowerer.WithCallerInfo(node, (BaseObjectCreationExpressionSyntax)base.VisitObjectCreationExpression(node)!);

        public override SyntaxNode? VisitImplicitObjectCreationExpression(ImplicitObjectCreationExpressionSyntax node) =>
            _lowerer.WithCallerInfo(node, (BaseObjectCreationExpressionSyntax)base.VisitImplicitObjectCreationExpression(node)!);

        public override SyntaxNode? VisitMemberBindingExpression(MemberBindingExpressionSyntax node) =>
            !_closureMode && _lowerer.BindingReceiver(node) is { } receiver
                ? Parse($"{receiver}.{node.Name.WithoutTrivia()}").WithTriviaFrom(node)
                : base.VisitMemberBindingExpression(node);

        public override SyntaxNode? VisitElementBindingExpression(ElementBindingExpressionSyntax node) =>
            !_closureMode && _lowerer.BindingReceiver(node) is { } receiver
                ? SyntaxFactory.ElementAccessExpression(Parse(receiver), (BracketedArgumentListSyntax)Visit(node.ArgumentList)!).WithTriviaFrom(node)
                : base.VisitElementBindingExpression(node);

        public override SyntaxNode? VisitAssignmentExpression(AssignmentExpressionSyntax node)
        {
            if (!_closureMode && _lowerer._compoundReads.TryGetValue(node, out string? read))
            {
                // The target was read before the await: `target = (read op= right)` applies the
                // operator (and its conversion back to the target type) as C# does, then stores.
                return Parse($"{Visit(node.Left)!.ToString().Trim()} = ({read} {node.OperatorToken.Text} {Visit(node.Right)!.ToString().Trim()})").WithTriviaFrom(node);
            }

            return base.VisitAssignmentExpression(node);
        }

        public override SyntaxNode? VisitReturnStatement(ReturnStatementSyntax node)
        {
            if (_closureMode)
            {
                return base.VisitReturnStatement(node);
            }

            string value = node.Expression is null ? string.Empty : $"{M}.__result = {Visit(node.Expression)}; ";
            return SyntaxFactory.ParseStatement($"{{ {value}{_lowerer.JumpText(JumpKind.Return, targets: null)} }}").WithTriviaFrom(node);
        }

        public override SyntaxNode? VisitBreakStatement(BreakStatementSyntax node) =>
            !_closureMode && JumpTarget(node, isContinue: false) is { } targets ? SyntaxFactory.ParseStatement(_lowerer.JumpText(JumpKind.Break, targets)).WithTriviaFrom(node) : node;

        public override SyntaxNode? VisitContinueStatement(ContinueStatementSyntax node) =>
            !_closureMode && JumpTarget(node, isContinue: true) is { } targets ? SyntaxFactory.ParseStatement(_lowerer.JumpText(JumpKind.Continue, targets)).WithTriviaFrom(node) : node;

        public override SyntaxNode? VisitThrowStatement(ThrowStatementSyntax node)
        {
            if (node.Expression is null && !_closureMode)
            {
                foreach (SyntaxNode ancestor in node.Ancestors())
                {
                    if (IsFunction(ancestor))
                    {
                        break;
                    }

                    if (ancestor is CatchClauseSyntax catchClause)
                    {
                        // `throw;` in a handler that now runs outside its try: rethrow the recorded exception, keeping its stack.
                        return _lowerer._rethrowFields.TryGetValue(catchClause, out string? field)
                            ? SyntaxFactory.ParseStatement($"global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture({M}.{field}).Throw();").WithTriviaFrom(node)
                            : node;
                    }
                }
            }

            return base.VisitThrowStatement(node);
        }

        public override SyntaxNode? VisitGotoStatement(GotoStatementSyntax node)
        {
            if (node.CaseOrDefaultKeyword.RawKind != 0
                && node.Ancestors().OfType<SwitchStatementSyntax>().FirstOrDefault() is { } target
                && _lowerer._jumpTargets.ContainsKey(target))
            {
                return _closureMode
                    ? throw new LoweringNotSupportedException(node, "'goto case' in a lambda in a switch that contains an await")
                    : SyntaxFactory.ParseStatement(_lowerer.GotoCaseText(node, target)).WithTriviaFrom(node);
            }

            if (!_closureMode && node.CaseOrDefaultKeyword.RawKind == 0 && _lowerer.UserLabelOf(node) is { } label)
            {
                return SyntaxFactory.ParseStatement(_lowerer.GotoText(node, label)).WithTriviaFrom(node);
            }

            return base.VisitGotoStatement(node);
        }

        private JumpTargets? JumpTarget(SyntaxNode jump, bool isContinue)
        {
            foreach (SyntaxNode ancestor in jump.Ancestors())
            {
                if (IsFunction(ancestor))
                {
                    return null;
                }

                if (ancestor is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or ForEachStatementSyntax or ForEachVariableStatementSyntax
                    || (!isContinue && ancestor is SwitchStatementSyntax))
                {
                    return _lowerer._jumpTargets.TryGetValue(ancestor, out JumpTargets? targets) ? targets : null;
                }
            }

            return null;
        }

        public override SyntaxNode? VisitAnonymousObjectMemberDeclarator(AnonymousObjectMemberDeclaratorSyntax node)
        {
            if (node.NameEquals is null && node.Expression is IdentifierNameSyntax identifier && FieldOf(identifier) is not null)
            {
                // Keep the member name the user's variable gave it.
                return SyntaxFactory.AnonymousObjectMemberDeclarator(
                    // The token, not its value text: `@event` must stay escaped (corpus: EscapedIdentifiers).
                    SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(identifier.Identifier.WithoutTrivia())),
                    (ExpressionSyntax)Visit(node.Expression)!);
            }

            return base.VisitAnonymousObjectMemberDeclarator(node);
        }

        public override SyntaxNode? VisitArgument(ArgumentSyntax node)
        {
            // Not on the left of a deconstruction, where element names are an error (CS8187;
            // corpus: TuplesAndDeconstruction).
            if (node.Parent is TupleExpressionSyntax tuple && !IsDeconstructionTarget(tuple) && node.NameColon is null
                && node.Expression is IdentifierNameSyntax identifier && FieldOf(identifier) is not null)
            {
                // Keep the tuple element name C# infers from the variable.
                return SyntaxFactory.Argument(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(identifier.Identifier.WithoutTrivia())), node.RefKindKeyword, (ExpressionSyntax)Visit(node.Expression)!);
            }

            return base.VisitArgument(node);
        }

        /// <summary>True when <paramref name="tuple"/> is (nested in) the left side of an assignment or the variable of a foreach.</summary>
        private static bool IsDeconstructionTarget(TupleExpressionSyntax tuple)
        {
            SyntaxNode node = tuple;
            while (node.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax outer })
            {
                node = outer;
            }

            return node.Parent is AssignmentExpressionSyntax assignment && assignment.Left == node
                || node.Parent is ForEachVariableStatementSyntax;
        }

        public override SyntaxNode? VisitDeclarationExpression(DeclarationExpressionSyntax node)
        {
            string? text = Designation(node.Designation);
            return text is null ? base.VisitDeclarationExpression(node) : Parse(text).WithTriviaFrom(node);
        }

        /// <summary>A designation of hoisted variables as an assignable expression, or null when nothing in it is hoisted.</summary>
        private string? Designation(VariableDesignationSyntax designation)
        {
            switch (designation)
            {
                case SingleVariableDesignationSyntax single:
                    return Model.GetDeclaredSymbol(single) is { } symbol && _lowerer._fieldOf.TryGetValue(symbol, out string? field) ? $"{M}.{field}" : null;
                case ParenthesizedVariableDesignationSyntax parenthesized:
                    string?[] parts = parenthesized.Variables.Select(Designation).ToArray();
                    if (parts.All(static p => p is null))
                    {
                        return null;
                    }

                    for (int i = 0; i < parts.Length; i++)
                    {
                        if (parts[i] is null)
                        {
                            if (parenthesized.Variables[i] is not DiscardDesignationSyntax)
                            {
                                throw new LoweringNotSupportedException(parenthesized, "a deconstruction that mixes hoisted and other variables");
                            }

                            parts[i] = "_";
                        }
                    }

                    return "(" + string.Join(", ", parts) + ")";
                default:
                    return null;
            }
        }

        public override SyntaxNode? VisitIsPatternExpression(IsPatternExpressionSyntax node)
        {
            if (node.Pattern is DeclarationPatternSyntax { Designation: SingleVariableDesignationSyntax single } declaration
                && Designation(single) is { } field)
            {
                // `e is T x` with x hoisted: the type test and the assignment in one call.
                string type = Model.GetTypeInfo(declaration.Type).Type?.ToDisplayString(TypeFormat)
                    ?? throw new LoweringNotSupportedException(node, "this pattern");
                string valueType = Model.GetTypeInfo(node.Expression).Type?.ToDisplayString(TypeFormat) ?? "object";
                return Parse($"global::CoroGen.CompilerServices.MachinePatterns.Is<{valueType}, {type}>({Visit(node.Expression)}, out {field})").WithTriviaFrom(node);
            }

            if (node.Pattern is VarPatternSyntax { Designation: SingleVariableDesignationSyntax assigned } && Designation(assigned) is { } assignedField)
            {
                // `e is var x` with x hoisted (corpus: VarPatternAcrossAwait).
                return Parse($"global::CoroGen.CompilerServices.MachinePatterns.Assign(out {assignedField}, {Visit(node.Expression)})").WithTriviaFrom(node);
            }

            if (node.Pattern is RecursivePatternSyntax { Designation: SingleVariableDesignationSyntax named, PositionalPatternClause: null, PropertyPatternClause: { } properties }
                && Designation(named) is { } namedField
                && !properties.DescendantNodes().Any(static n => n is VariableDesignationSyntax)
                && Model.GetDeclaredSymbol(named) is ILocalSymbol { Type: var namedType })
            {
                // `e is T { P: ... } x` with x hoisted: the type test assigns x, then its
                // properties are tested on it, each read once as C# does (corpus:
                // PropertyPatternDesignationAcrossAwait).
                string valueType = Model.GetTypeInfo(node.Expression).Type?.ToDisplayString(TypeFormat)
                    ?? throw new LoweringNotSupportedException(node, "this pattern");
                return Parse($"(global::CoroGen.CompilerServices.MachinePatterns.Is<{valueType}, {namedType.ToDisplayString(TypeFormat)}>({Visit(node.Expression)}, out {namedField}) && {namedField} is {Visit(properties)})").WithTriviaFrom(node);
            }

            if (node.Pattern.DescendantNodesAndSelf().OfType<SingleVariableDesignationSyntax>().Any(d => Designation(d) is not null))
            {
                throw new LoweringNotSupportedException(node.Pattern, "a pattern that declares a variable held across an await (other than 'x is T name')");
            }

            return base.VisitIsPatternExpression(node);
        }
    }

    /// <summary>
    /// Copied statements are re-indented line by line (here and by the emitter), which would
    /// change the value of a string literal that spans lines (corpus: MultiLineStringLiterals).
    /// Verbatim and raw literals spanning lines become regular escaped literals; interpolated
    /// ones are not lowered yet.
    /// </summary>
    private sealed class SingleLineLiterals(MachineLowerer lowerer) : CSharpSyntaxRewriter
    {
        public override SyntaxToken VisitToken(SyntaxToken token) => Convert(base.VisitToken(token));

        // Lambdas and local functions move into the step method too: their calls keep the
        // user's caller information as well.
        public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node) =>
            lowerer.WithCallerInfo(node, (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!);

        public override SyntaxNode? VisitObjectCreationExpression(ObjectCreationExpressionSyntax node) =>
            lowerer.WithCallerInfo(node, (BaseObjectCreationExpressionSyntax)base.VisitObjectCreationExpression(node)!);

        public override SyntaxNode? VisitImplicitObjectCreationExpression(ImplicitObjectCreationExpressionSyntax node) =>
            lowerer.WithCallerInfo(node, (BaseObjectCreationExpressionSyntax)base.VisitImplicitObjectCreationExpression(node)!);

        public override SyntaxNode? VisitInterpolatedStringExpression(InterpolatedStringExpressionSyntax node) =>
            Flatten(node, (InterpolatedStringExpressionSyntax)base.VisitInterpolatedStringExpression(node)!);

        /// <summary>
        /// A verbatim interpolated string whose text spans lines becomes a regular one with the
        /// same text escaped on one line (corpus: MultiLineInterpolatedString); raw ones are not
        /// lowered yet.
        /// </summary>
        internal static ExpressionSyntax Flatten(InterpolatedStringExpressionSyntax original, InterpolatedStringExpressionSyntax node)
        {
            if (!original.Contents.OfType<InterpolatedStringTextSyntax>().Any(static c => c.TextToken.Text.IndexOf('\n') >= 0 || c.TextToken.Text.IndexOf('\r') >= 0))
            {
                return node;
            }

            if (original.StringStartToken.Text is not ("$@\"" or "@$\""))
            {
                throw new LoweringNotSupportedException(original, "a raw interpolated string that spans lines");
            }

            var text = new System.Text.StringBuilder("$\"");
            foreach (InterpolatedStringContentSyntax content in node.Contents)
            {
                switch (content)
                {
                    case InterpolatedStringTextSyntax part:
                        // (ValueText keeps the braces doubled: `{{` stays `{{`; corpus: VerbatimInterpolatedStringsSpanningLines.)
                        text.Append(Escape(part.TextToken.ValueText));
                        break;
                    case InterpolationSyntax hole:
                        text.Append('{').Append(hole.Expression.ToFullString());
                        if (hole.AlignmentClause is { } alignment)
                        {
                            text.Append(alignment.ToFullString());
                        }

                        if (hole.FormatClause is { } format)
                        {
                            text.Append(':').Append(Escape(format.FormatStringToken.ValueText));
                        }

                        text.Append('}');
                        break;
                }
            }

            return SyntaxFactory.ParseExpression(text.Append('"').ToString()).WithTriviaFrom(node);
        }

        private static string Escape(string value)
        {
            var text = new System.Text.StringBuilder();
            foreach (char c in value)
            {
                text.Append(c switch
                {
                    '\\' => "\\\\",
                    '"' => "\\\"",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    _ => c.ToString(),
                });
            }

            return text.ToString();
        }

        internal static SyntaxToken Convert(SyntaxToken token)
        {
            if (token.Text.IndexOf('\n') < 0 && token.Text.IndexOf('\r') < 0)
            {
                return token;
            }

            switch (token.Kind())
            {
                case SyntaxKind.StringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken:
                    return SyntaxFactory.Literal(token.ValueText).WithTriviaFrom(token);
                case SyntaxKind.Utf8StringLiteralToken or SyntaxKind.Utf8MultiLineRawStringLiteralToken or SyntaxKind.Utf8SingleLineRawStringLiteralToken:
                    throw new LoweringNotSupportedException(token.Parent!, "a UTF-8 string literal that spans lines");
                default:
                    return token;
            }
        }
    }
}
