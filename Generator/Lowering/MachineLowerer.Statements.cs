// Statement flattening. A statement without an await is copied through the BodyRewriter;
// one with an await becomes labels and gotos at its region's level (see MachineLowerer.cs).
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoroGen.Generator.Lowering;

internal sealed partial class MachineLowerer
{
    private void FlattenStatements(IReadOnlyList<StatementSyntax> statements)
    {
        for (int i = 0; i < statements.Count; i++)
        {
            StatementSyntax statement = statements[i];
            if (statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } usingDeclaration
                && (HasAwait(usingDeclaration) || statements.Skip(i + 1).Any(HasAwait) || IsHoisted(usingDeclaration.Declaration)))
            {
                // `using var r = ...;` disposes at the end of the block: the rest of the block is its body.
                EmitUsing(usingDeclaration.Declaration, expression: null, () => FlattenStatements(statements.Skip(i + 1).ToList()), usingDeclaration, usingDeclaration.AwaitKeyword.RawKind != 0);
                return;
            }

            Flatten(statement);
        }
    }

    private bool IsHoisted(VariableDeclarationSyntax declaration) =>
        declaration.Variables.Any(v => _model.GetDeclaredSymbol(v, _cancellationToken) is { } s && _fieldOf.ContainsKey(s));

    private void Flatten(StatementSyntax statement)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (statement is not BlockSyntax)
        {
            EmitLineOf(statement);
        }

        if (statement is LocalDeclarationStatementSyntax declaration)
        {
            EmitLocalDeclaration(declaration);
            return;
        }

        if (statement is LabeledStatementSyntax labeled)
        {
            // A label of a flattened block becomes a label of the step method; gotos to it are
            // renamed by the BodyRewriter (C# only jumps to labels of enclosing blocks, so every
            // goto that can reach it is either flattened or copied).
            Out.WriteLine(UserLabel(labeled) + ":");
            Emit(";");
            Flatten(labeled.Statement);
            return;
        }

        if (!HasAwait(statement))
        {
            EmitVerbatim(statement);
            return;
        }

        switch (statement)
        {
            case BlockSyntax block:
                FlattenStatements(block.Statements);
                break;
            case ExpressionStatementSyntax expressionStatement:
                EmitExpressionStatement(expressionStatement.Expression);
                break;
            case ReturnStatementSyntax returnStatement:
                EmitReturn(returnStatement.Expression);
                break;
            case ThrowStatementSyntax throwStatement:
                Emit($"throw {SpillAndRewrite(throwStatement.Expression!)};");
                break;
            case IfStatementSyntax ifStatement:
                EmitIf(ifStatement);
                break;
            case WhileStatementSyntax whileStatement:
                EmitWhile(whileStatement);
                break;
            case DoStatementSyntax doStatement:
                EmitDo(doStatement);
                break;
            case ForStatementSyntax forStatement:
                EmitFor(forStatement);
                break;
            case CommonForEachStatementSyntax { AwaitKeyword.RawKind: not 0 } awaitForEach:
                EmitAwaitForEach(awaitForEach);
                break;
            case CommonForEachStatementSyntax forEach:
                EmitForEach(forEach);
                break;
            case UsingStatementSyntax usingStatement:
                EmitUsing(usingStatement.Declaration, usingStatement.Expression, () => Flatten(usingStatement.Statement), usingStatement, usingStatement.AwaitKeyword.RawKind != 0);
                break;
            case TryStatementSyntax tryStatement:
                EmitTry(tryStatement);
                break;
            case SwitchStatementSyntax switchStatement:
                EmitSwitch(switchStatement);
                break;
            default:
                throw new LoweringNotSupportedException(statement, $"an await inside a '{statement.Kind()}'");
        }
    }

    private void EmitVerbatim(StatementSyntax statement)
    {
        foreach (string line in Lines(Rewrite(statement)))
        {
            Emit(line);
        }
    }

    private static IEnumerable<string> Lines(string text)
    {
        string[] lines = text.Replace("\r\n", "\n").Split('\n');

        // Keep the user's relative indentation of multi-line statements (directives have none).
        int indent = lines.Skip(1).Where(static l => l.Trim().Length > 0 && !l.StartsWith("#", System.StringComparison.Ordinal)).Select(static l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        int firstIndent = System.Math.Min(indent, lines.Skip(1).Where(static l => l.Trim().Length > 0 && !l.StartsWith("#", System.StringComparison.Ordinal)).Select(static l => l.Length - l.TrimStart().Length).LastOrDefault());
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd();
            yield return i == 0 || line.StartsWith("#", System.StringComparison.Ordinal) ? line
                : line.Length >= firstIndent ? line.Substring(firstIndent) : line.TrimStart();
        }
    }

    private void EmitLocalDeclaration(LocalDeclarationStatementSyntax declaration)
    {
        if (!IsHoisted(declaration.Declaration))
        {
            if (HasAwait(declaration))
            {
                throw new LoweringNotSupportedException(declaration, "an await in the declaration of a local that is not hoisted");
            }

            EmitVerbatim(declaration);
            return;
        }

        // A hoisted local is a field: its declaration becomes an assignment, in declaration order.
        foreach (VariableDeclaratorSyntax variable in declaration.Declaration.Variables)
        {
            if (variable.Initializer is { } initializer)
            {
                if (initializer.Value is RefExpressionSyntax)
                {
                    throw new LoweringNotSupportedException(variable, "ref locals");
                }

                ISymbol local = _model.GetDeclaredSymbol(variable, _cancellationToken)!;
                string field = _fieldOf[local];
                if (initializer.Value is InitializerExpressionSyntax arrayInitializer)
                {
                    // `T[] a = { ... };` is only legal in a declaration: as an assignment to the
                    // field it needs its array creation spelled out (corpus: PatternVariables).
                    string arrayType = ((ILocalSymbol)local).Type.ToDisplayString(TypeFormat);
                    Emit($"{M}.{field} = new {arrayType} {SpillAndRewrite(arrayInitializer)};");
                    continue;
                }

                Emit($"{M}.{field} = {SpillAndRewrite(initializer.Value)};");
            }
        }
    }

    private void EmitExpressionStatement(ExpressionSyntax expression)
    {
        if (Unparenthesize(expression) is AwaitExpressionSyntax await)
        {
            // `await x;`: the result, if any, is discarded.
            EmitAwait(await, SpillAndRewrite(await.Expression), target: null);
            return;
        }

        if (Unparenthesize(expression) is ConditionalAccessExpressionSyntax access && HasAwait(access.WhenNotNull))
        {
            // `x?.M(await e);`: nothing reads the value (which may be void).
            string end = NewLabel("endcondition");
            EmitConditionalAccess(access, temp: null, end);
            EmitLabel(end);
            Emit(";");
            return;
        }

        string text = SpillAndRewrite(expression);
        if (_substitutions.ContainsKey(Unparenthesize(expression)))
        {
            // `new C { P = await e };`, `x ??= await e;`: lowered into a temp nobody reads (a
            // bare temp is no statement, CS0201).
            return;
        }

        Emit(text + ";");
    }

    private void EmitReturn(ExpressionSyntax? expression)
    {
        if (expression is not null)
        {
            Emit($"{M}.__result = {SpillAndRewrite(expression)};");
        }

        Emit(JumpText(JumpKind.Return, targets: null));
    }

    private void EmitIf(IfStatementSyntax statement)
    {
        string condition = SpillAndRewrite(statement.Condition);
        string elseLabel = NewLabel("else");
        string endLabel = NewLabel("endif");
        Emit($"if (!({condition})) goto {elseLabel};");
        Flatten(statement.Statement);
        if (statement.Else is { } elseClause)
        {
            Emit($"goto {endLabel};");
            EmitLabel(elseLabel);
            Flatten(elseClause.Statement);
            EmitLabel(endLabel);
        }
        else
        {
            EmitLabel(elseLabel);
        }

        Emit(";");
    }

    private void EmitWhile(WhileStatementSyntax statement)
    {
        string continueLabel = NewLabel("while");
        string breakLabel = NewLabel("endwhile");
        _jumpTargets[statement] = new JumpTargets(breakLabel, continueLabel, _finallyFrames.Count);
        EmitLabel(continueLabel);
        Emit($"if (!({SpillAndRewrite(statement.Condition)})) goto {breakLabel};");
        Flatten(statement.Statement);
        Emit($"goto {continueLabel};");
        EmitLabel(breakLabel);
        Emit(";");
    }

    private void EmitDo(DoStatementSyntax statement)
    {
        string topLabel = NewLabel("do");
        string continueLabel = NewLabel("docondition");
        string breakLabel = NewLabel("enddo");
        _jumpTargets[statement] = new JumpTargets(breakLabel, continueLabel, _finallyFrames.Count);
        EmitLabel(topLabel);
        Flatten(statement.Statement);
        EmitLabel(continueLabel);
        Emit($"if ({SpillAndRewrite(statement.Condition)}) goto {topLabel};");
        EmitLabel(breakLabel);
        Emit(";");
    }

    private void EmitFor(ForStatementSyntax statement)
    {
        if (statement.Declaration is { } declaration)
        {
            foreach (VariableDeclaratorSyntax variable in declaration.Variables)
            {
                if (variable.Initializer is { } initializer)
                {
                    string field = _fieldOf[_model.GetDeclaredSymbol(variable, _cancellationToken)!];
                    Emit($"{M}.{field} = {SpillAndRewrite(initializer.Value)};");
                }
            }
        }

        foreach (ExpressionSyntax initializer in statement.Initializers)
        {
            EmitExpressionStatement(initializer);
        }

        string conditionLabel = NewLabel("for");
        string continueLabel = NewLabel("forstep");
        string breakLabel = NewLabel("endfor");
        _jumpTargets[statement] = new JumpTargets(breakLabel, continueLabel, _finallyFrames.Count);
        EmitLabel(conditionLabel);
        if (statement.Condition is { } condition)
        {
            Emit($"if (!({SpillAndRewrite(condition)})) goto {breakLabel};");
        }

        Flatten(statement.Statement);
        EmitLabel(continueLabel);
        foreach (ExpressionSyntax incrementor in statement.Incrementors)
        {
            EmitExpressionStatement(incrementor);
        }

        Emit($"goto {conditionLabel};");
        EmitLabel(breakLabel);
        Emit(";");
    }

    /// <summary>
    /// The statement that sets the iteration variable from <paramref name="current"/>: a cast to
    /// its type, or, for <c>foreach (var (a, b) in ...)</c>, a deconstruction into the hoisted
    /// variables (the same Deconstruct call or tuple conversions C# makes, once per element).
    /// </summary>
    private string IterationVariableAssignment(CommonForEachStatementSyntax statement, string current)
    {
        if (statement is ForEachVariableStatementSyntax deconstruction)
        {
            return $"{DeconstructionTarget(deconstruction.Variable)} = {current};";
        }

        ILocalSymbol variable = _model.GetDeclaredSymbol((ForEachStatementSyntax)statement, _cancellationToken)
            ?? throw new LoweringNotSupportedException(statement, "this foreach");
        return $"{M}.{_fieldOf[variable]} = ({variable.Type.ToDisplayString(TypeFormat)}){current};";
    }

    /// <summary><c>var (a, (b, _))</c> or <c>(var a, x)</c> as an assignable tuple of machine fields, discards and variables.</summary>
    private string DeconstructionTarget(SyntaxNode target)
    {
        switch (target)
        {
            case DeclarationExpressionSyntax declaration:
                return DeconstructionTarget(declaration.Designation);
            case TupleExpressionSyntax tuple:
                return "(" + string.Join(", ", tuple.Arguments.Select(a => DeconstructionTarget(a.Expression))) + ")";
            case ParenthesizedVariableDesignationSyntax parenthesized:
                return "(" + string.Join(", ", parenthesized.Variables.Select(DeconstructionTarget)) + ")";
            case DiscardDesignationSyntax:
                return "_";
            case SingleVariableDesignationSyntax single:
                return _model.GetDeclaredSymbol(single, _cancellationToken) is { } local && _fieldOf.TryGetValue(local, out string? field)
                    ? $"{M}.{field}"
                    : throw new LoweringNotSupportedException(single, "a foreach deconstruction into a variable the machine does not hold");
            case ExpressionSyntax expression:
                return Rewrite(expression);
            default:
                throw new LoweringNotSupportedException(target, "this foreach deconstruction");
        }
    }

    private void EmitForEach(CommonForEachStatementSyntax statement)
    {
        ForEachStatementInfo info = _model.GetForEachStatementInfo(statement);
        ITypeSymbol? collectionType = _model.GetTypeInfo(statement.Expression, _cancellationToken).Type;
        string collection = SpillAndRewrite(statement.Expression);
        string continueLabel = NewLabel("foreach");
        string breakLabel = NewLabel("endforeach");
        _jumpTargets[statement] = new JumpTargets(breakLabel, continueLabel, _finallyFrames.Count);

        if (collectionType is IArrayTypeSymbol { Rank: 1 } arrayType)
        {
            // As C#: an index loop over the array captured once, no enumerator.
            string array = NewTemp(arrayType, statement);
            string index = AddField("int", "__i" + _temps++);
            Emit($"{M}.{array} = {collection};");
            Emit($"{M}.{index} = 0;");
            string top = NewLabel("foreachtop");
            EmitLabel(top);
            Emit($"if ({M}.{index} >= {M}.{array}.Length) goto {breakLabel};");
            Emit(IterationVariableAssignment(statement, $"{M}.{array}[{M}.{index}]"));
            Flatten(statement.Statement);
            EmitLabel(continueLabel);
            Emit($"{M}.{index}++;");
            Emit($"goto {top};");
            EmitLabel(breakLabel);
            Emit($"{M}.{array} = default!;");
            return;
        }

        if (info.GetEnumeratorMethod is not { } getEnumerator || info.MoveNextMethod is null || info.CurrentProperty is null
            || getEnumerator.ReturnType.IsRefLikeType || info.IsAsynchronous || !IsPlainExtensionOrInstance(getEnumerator))
        {
            throw new LoweringNotSupportedException(statement.Expression, "foreach over this collection with an await in the loop");
        }

        ITypeSymbol enumeratorType = getEnumerator.ReturnType;
        string enumerator = NewTemp(enumeratorType, statement);
        string source = getEnumerator.ContainingType.TypeKind == TypeKind.Interface
            ? $"(({getEnumerator.ContainingType.ToDisplayString(TypeFormat)})({collection}))"
            : $"({collection})";
        Emit($"{M}.{enumerator} = {source}.GetEnumerator();");
        EmitTryFinally(
            body: () =>
            {
                EmitLabel(continueLabel);
                Emit($"if (!{M}.{enumerator}.MoveNext()) goto {breakLabel};");
                Emit(IterationVariableAssignment(statement, $"{M}.{enumerator}.Current"));
                Flatten(statement.Statement);
                Emit($"goto {continueLabel};");
                EmitLabel(breakLabel);
                Emit(";");
            },
            // Disposable or not is the enumerator type's business, not ForEachStatementInfo.DisposeMethod's:
            // Roslyn reports IDisposable.Dispose for a non-generic IEnumerator too, which C# disposes
            // only after a type test (corpus: ForeachNonGenericEnumerable).
            finallyLines: DisposeLines($"{M}.{enumerator}", enumeratorType, knownDisposable: false, statement));
    }

    /// <summary>
    /// An instance GetEnumerator, or an extension one taking the collection by value: foreach
    /// uses an extension only when the type has no instance method and no interface, so the
    /// call `(collection).GetEnumerator()` binds to the same method.
    /// </summary>
    private static bool IsPlainExtensionOrInstance(IMethodSymbol method) =>
        !method.IsExtensionMethod
        || (method.ReducedFrom ?? method).Parameters.FirstOrDefault()?.RefKind == RefKind.None;

    private List<string> DisposeLines(string variable, ITypeSymbol type, bool knownDisposable, SyntaxNode where)
    {
        var lines = new List<string>();
        bool disposable = knownDisposable || type.AllInterfaces.Any(static i => i.SpecialType == SpecialType.System_IDisposable)
            || type.SpecialType == SpecialType.System_IDisposable;
        if (type.IsValueType)
        {
            if (disposable)
            {
                if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
                {
                    lines.Add($"if ({variable}.HasValue) (({variable}).Value).Dispose();");
                }
                else if (type.GetMembers("Dispose").OfType<IMethodSymbol>().Any(static m => m.Parameters.Length == 0 && m.DeclaredAccessibility == Accessibility.Public && !m.IsStatic))
                {
                    lines.Add($"{variable}.Dispose();");
                }
                else
                {
                    // An explicit implementation: C# calls it on the variable in place (a
                    // constrained call, no box); a generic local function does the same
                    // (corpus: StructWithExplicitDisposeInUsing).
                    lines.Add("static void __DisposeInPlace<__TDisposable>(ref __TDisposable value) where __TDisposable : global::System.IDisposable => value.Dispose();");
                    lines.Add($"__DisposeInPlace(ref {variable});");
                }
            }
        }
        else if (disposable)
        {
            lines.Add($"if ({variable} != null) ((global::System.IDisposable){variable}).Dispose();");
        }
        else if (!type.IsSealed)
        {
            lines.Add($"if ({variable} is global::System.IDisposable __disposable) __disposable.Dispose();");
        }

        lines.Add($"{variable} = default!;");
        return lines;
    }

    private void EmitUsing(VariableDeclarationSyntax? declaration, ExpressionSyntax? expression, System.Action body, SyntaxNode where, bool isAsync)
    {
        var resources = new List<(string Field, ITypeSymbol Type)>();
        if (declaration is not null)
        {
            foreach (VariableDeclaratorSyntax variable in declaration.Variables)
            {
                ILocalSymbol local = (ILocalSymbol)_model.GetDeclaredSymbol(variable, _cancellationToken)!;
                if (!_fieldOf.TryGetValue(local, out string? field))
                {
                    throw new LoweringNotSupportedException(variable, "a using declaration whose variable is not hoisted");
                }

                Emit($"{M}.{field} = {SpillAndRewrite(variable.Initializer!.Value)};");
                resources.Add((field, local.Type));
            }
        }
        else if (expression is not null)
        {
            ITypeSymbol type = _model.GetTypeInfo(expression, _cancellationToken).Type
                ?? throw new LoweringNotSupportedException(expression, "a using whose resource has no type");
            string field = NewTemp(type, expression);
            Emit($"{M}.{field} = {SpillAndRewrite(expression)};");
            resources.Add((field, type));
        }

        if (isAsync)
        {
            EmitAwaitUsing(resources, 0, body, where);
        }
        else
        {
            EmitNestedUsings(resources, 0, body, where);
        }
    }

    private void EmitNestedUsings(List<(string Field, ITypeSymbol Type)> resources, int index, System.Action body, SyntaxNode where)
    {
        if (index == resources.Count)
        {
            body();
            return;
        }

        (string field, ITypeSymbol type) = resources[index];
        List<string> dispose = DisposeLines($"{M}.{field}", type, knownDisposable: true, where);
        dispose.RemoveAt(dispose.Count - 1);
        EmitTryFinally(() => EmitNestedUsings(resources, index + 1, body, where), dispose);
    }

    /// <summary>A flattened try block with a finally that runs only when the machine is not suspending.</summary>
    private void EmitTryFinally(System.Action body, List<string> finallyLines) =>
        EmitTryRegion(body, catches: new List<string>(), finallyLines);

    private void EmitTryRegion(System.Action body, List<string> catches, List<string>? finallyLines)
    {
        string entry = NewLabel("try");
        var region = new Region { EntryLabel = entry };
        _regions.Push(region);
        body();
        _regions.Pop();

        EmitLabel(entry);
        Emit("try");
        Out.OpenBlock();
        int indentation = Out.Indentation;
        var dispatch = new SourceWriter();
        WriteDispatch(dispatch, region, start: false);
        foreach (string line in Lines(dispatch.ToString().TrimEnd('\n')).Concat(Lines(region.Writer.ToString().TrimEnd('\n'))))
        {
            Emit(line);
        }

        Out.CloseBlock();
        foreach (string line in catches)
        {
            Emit(line);
        }

        if (finallyLines is not null)
        {
            Emit("finally");
            Out.OpenBlock();
            Emit($"if ({M}.__state < 0)");
            Out.OpenBlock();
            foreach (string line in finallyLines)
            {
                Emit(line);
            }

            Out.CloseBlock();
            Out.CloseBlock();
        }
    }

    /// <summary>The case labels of each flattened switch and the label of their section, for `goto case`.</summary>
    private readonly Dictionary<SwitchStatementSyntax, List<(SwitchLabelSyntax Label, string Target)>> _switchLabels = new();

    /// <summary>
    /// <c>goto case c;</c> / <c>goto default;</c> in a flattened switch: a jump to the section of
    /// the label with that constant (and no when clause), through the lowered finally blocks it leaves.
    /// </summary>
    private string GotoCaseText(GotoStatementSyntax statement, SwitchStatementSyntax switchStatement)
    {
        string? target = null;
        if (_switchLabels.TryGetValue(switchStatement, out List<(SwitchLabelSyntax Label, string Target)>? labels))
        {
            if (statement.IsKind(SyntaxKind.GotoDefaultStatement))
            {
                target = labels.FirstOrDefault(static l => l.Label is DefaultSwitchLabelSyntax).Target;
            }
            else if (_model.GetConstantValue(statement.Expression!, _cancellationToken) is { HasValue: true } wanted)
            {
                foreach ((SwitchLabelSyntax label, string section) in labels)
                {
                    ExpressionSyntax? constant = label switch
                    {
                        CaseSwitchLabelSyntax caseLabel => caseLabel.Value,
                        CasePatternSwitchLabelSyntax { Pattern: ConstantPatternSyntax pattern, WhenClause: null } => pattern.Expression,
                        _ => null,
                    };
                    if (constant is not null && _model.GetConstantValue(constant, _cancellationToken) is { HasValue: true } found && SameConstant(wanted.Value, found.Value))
                    {
                        target = section;
                        break;
                    }
                }
            }
        }

        if (target is null || LoweredFinallyDepth(statement) != _finallyFrames.Count)
        {
            throw new LoweringNotSupportedException(statement, "this 'goto case' in a switch that contains an await");
        }

        return JumpText(JumpKind.Break, new JumpTargets(target, Continue: null, LoweredFinallyDepth(switchStatement)));
    }

    private static bool SameConstant(object? a, object? b)
    {
        if (Equals(a, b))
        {
            return true;
        }

        static bool Integral(object? o) => o is sbyte or byte or short or ushort or int or uint or long or ulong or char;
        return Integral(a) && Integral(b) && System.Convert.ToDecimal(a, System.Globalization.CultureInfo.InvariantCulture) == System.Convert.ToDecimal(b, System.Globalization.CultureInfo.InvariantCulture);
    }

    private void EmitSwitch(SwitchStatementSyntax statement)
    {
        ITypeSymbol type = _model.GetTypeInfo(statement.Expression, _cancellationToken).Type
            ?? throw new LoweringNotSupportedException(statement.Expression, "a switch on an expression without a type");
        string value = NewTemp(type, statement);
        Emit($"{M}.{value} = {SpillAndRewrite(statement.Expression)};");
        string breakLabel = NewLabel("endswitch");
        _jumpTargets[statement] = new JumpTargets(breakLabel, null, _finallyFrames.Count);
        var sectionLabels = new List<string>();
        var targets = new List<(SwitchLabelSyntax Label, string Target)>();
        string? defaultLabel = null;
        foreach (SwitchSectionSyntax section in statement.Sections)
        {
            string label = NewLabel("case");
            sectionLabels.Add(label);
            foreach (SwitchLabelSyntax switchLabel in section.Labels)
            {
                // `case T name` and `case var name` assign their hoisted variable as `x is T name`
                // does (ArmTest); other patterns declaring variables are not lowered yet.
                SyntaxNode? ownDesignation = switchLabel is CasePatternSwitchLabelSyntax { Pattern: DeclarationPatternSyntax { Designation: SingleVariableDesignationSyntax declared } }
                    ? declared
                    : switchLabel is CasePatternSwitchLabelSyntax { Pattern: VarPatternSyntax { Designation: SingleVariableDesignationSyntax assigned } } ? assigned : null;
                if (switchLabel.DescendantNodes().Any(n => n is SingleVariableDesignationSyntax or ParenthesizedVariableDesignationSyntax && n != ownDesignation))
                {
                    throw new LoweringNotSupportedException(switchLabel, "pattern variables in the case labels of a switch that contains an await (other than 'case T name' and 'case var name')");
                }

                CheckSwitchLabelReadsOnlyPureMembers(switchLabel, type);
                switch (switchLabel)
                {
                    case DefaultSwitchLabelSyntax:
                        defaultLabel = label;
                        break;
                    case CaseSwitchLabelSyntax caseLabel:
                        Emit($"if ({M}.{value} is {Rewrite(caseLabel.Value)}) goto {label};");
                        break;
                    case CasePatternSwitchLabelSyntax { WhenClause: { } awaitingWhen } patternLabel when HasAwait(awaitingWhen):
                    {
                        // C# evaluates the when clauses of the labels whose patterns match in
                        // source order (the patterns themselves have no effects: see
                        // CheckSwitchLabelReadsOnlyPureMembers), so testing label by label agrees.
                        string next = NewLabel("nextcase");
                        Emit($"if (!({ArmTest($"{M}.{value}", type, patternLabel.Pattern)})) goto {next};");
                        Emit($"if ({SpillAndRewrite(awaitingWhen.Condition)}) goto {label};");
                        EmitLabel(next);
                        Emit(";");
                        break;
                    }

                    case CasePatternSwitchLabelSyntax patternLabel:
                        string when = patternLabel.WhenClause is { } whenClause ? $" && ({Rewrite(whenClause.Condition)})" : string.Empty;
                        Emit($"if ({ArmTest($"{M}.{value}", type, patternLabel.Pattern)}{when}) goto {label};");
                        break;
                }

                targets.Add((switchLabel, label));
            }
        }

        _switchLabels[statement] = targets;

        Emit($"goto {defaultLabel ?? breakLabel};");
        for (int i = 0; i < statement.Sections.Count; i++)
        {
            EmitLabel(sectionLabels[i]);
            FlattenStatements(statement.Sections[i].Statements);
        }

        EmitLabel(breakLabel);
        Emit($"{M}.{value} = default!;");
    }

    /// <summary>
    /// The flattened switch tests its labels one by one (`value is pattern`), while C# builds one
    /// decision DAG that reads each property (or Deconstruct, Length, indexer) once per switch.
    /// That differs when a read has side effects (corpus: SwitchPropertyPatternsEvaluateOnce), so
    /// only members that cannot have any are allowed: fields, and properties of built-in types;
    /// list patterns only on arrays and strings; no positional patterns.
    /// </summary>
    private void CheckSwitchLabelReadsOnlyPureMembers(SwitchLabelSyntax label, ITypeSymbol governingType)
    {
        foreach (SyntaxNode node in label.DescendantNodes())
        {
            switch (node)
            {
                case PositionalPatternClauseSyntax:
                    throw new LoweringNotSupportedException(node, "a positional pattern in a switch that contains an await");
                case ListPatternSyntax when governingType is not IArrayTypeSymbol && governingType.SpecialType != SpecialType.System_String:
                    throw new LoweringNotSupportedException(node, "a list pattern on a type other than an array or string in a switch that contains an await");
                case SubpatternSyntax subpattern:
                    SyntaxNode? member = (SyntaxNode?)subpattern.NameColon?.Name ?? subpattern.ExpressionColon?.Expression;
                    foreach (SyntaxNode name in member?.DescendantNodesAndSelf().OfType<SimpleNameSyntax>() ?? Enumerable.Empty<SimpleNameSyntax>())
                    {
                        ISymbol? symbol = _model.GetSymbolInfo(name, _cancellationToken).Symbol;
                        bool pure = symbol is IFieldSymbol
                            || symbol is IPropertySymbol { ContainingType.SpecialType: not SpecialType.None }
                            || symbol is IPropertySymbol { ContainingType.IsTupleType: true };
                        if (!pure)
                        {
                            throw new LoweringNotSupportedException(subpattern, $"a property pattern reading '{name}' in a switch that contains an await");
                        }
                    }

                    break;
            }
        }
    }
}
