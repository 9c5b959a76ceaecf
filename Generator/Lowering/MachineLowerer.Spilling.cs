// Awaits inside expressions. An await is lowered where it stands only when everything C#
// evaluates before it, in the same expression, can be evaluated before it in a separate
// statement without changing the program: reads of hoisted locals and parameters, constants,
// `this`, types; anything else of a reference type is evaluated into a temp first (as Roslyn's
// spiller does). Awaits under &&, ||, ??, ?:, ?., switch expression arms and initializers, which
// decide whether (or on what) the await runs, become branches. An assignment whose right side
// awaits evaluates its target's receiver and indices first (and, when compound, reads the
// target), then stores after the await.
using System.Collections.Generic;
using System.Linq;
using CoroGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Generator.Lowering;

internal sealed partial class MachineLowerer
{
    private static ExpressionSyntax Unparenthesize(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    /// <summary>The variables the expression being spilled assigns, increments or passes by ref/out.</summary>
    private HashSet<ISymbol> _writtenInExpression = new(SymbolEqualityComparer.Default);

    private HashSet<ISymbol> WrittenVariables(SyntaxNode root)
    {
        var written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (SyntaxNode node in root.DescendantNodesAndSelf(static n => !IsFunction(n)))
        {
            ExpressionSyntax? target = node switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left,
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => postfix.Operand,
                ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument => argument.Expression,
                // A method called on a struct variable may change it in place (corpus:
                // StructLocalReadBeforeMutatingCall): count the variable at the root of the receiver.
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => MutableStructRoot(access.Expression),
                _ => null,
            };

            foreach (SyntaxNode name in target is null ? Enumerable.Empty<SyntaxNode>() : target.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                if (_model.GetSymbolInfo(name, _cancellationToken).Symbol is ILocalSymbol or IParameterSymbol)
                {
                    written.Add(_model.GetSymbolInfo(name, _cancellationToken).Symbol!);
                }
            }
        }

        return written;
    }

    /// <summary>The variable a receiver like <c>s</c> or <c>s.Field</c> names, when every step is a mutable struct.</summary>
    private ExpressionSyntax? MutableStructRoot(ExpressionSyntax receiver)
    {
        while (true)
        {
            if (_model.GetTypeInfo(receiver, _cancellationToken).Type is not { IsValueType: true, IsReadOnly: false })
            {
                return null;
            }

            switch (receiver)
            {
                case IdentifierNameSyntax:
                    return receiver;
                case MemberAccessExpressionSyntax member:
                    receiver = member.Expression;
                    break;
                case ParenthesizedExpressionSyntax parenthesized:
                    receiver = parenthesized.Expression;
                    break;
                default:
                    return null;
            }
        }
    }

    /// <summary>Emits every await inside <paramref name="expression"/> in evaluation order and returns the rest as text.</summary>
    private string SpillAndRewrite(ExpressionSyntax expression)
    {
        if (HasAwait(expression))
        {
            // SpillAndRewrite recurses (into the branches of a conditional): each level checks
            // writes against its own expression.
            var outerWritten = _writtenInExpression;
            _writtenInExpression = WrittenVariables(expression);
            foreach (ExpressionSyntax point in SpillPoints(expression))
            {
                SpillPrecedingOperands(point, expression);
                if (point is AwaitExpressionSyntax await)
                {
                    SpillAwait(await);
                }
                else
                {
                    SpillConditional(point);
                }
            }

            _writtenInExpression = outerWritten;
        }

        return Rewrite(expression);
    }

    /// <summary>
    /// The awaits of <paramref name="root"/>, and the short-circuiting constructs whose
    /// conditionally evaluated part contains an await (each lowered as a unit, into branches),
    /// in C#'s evaluation order: post-order, an await's operand before the await.
    /// </summary>
    private List<ExpressionSyntax> SpillPoints(ExpressionSyntax root)
    {
        var points = new List<ExpressionSyntax>();
        Collect(root);
        return points;

        void Collect(SyntaxNode node)
        {
            if (IsFunction(node) || !HasAwait(node))
            {
                return;
            }

            if (IsConditionalSpillPoint(node))
            {
                points.Add((ExpressionSyntax)node);
                return;
            }

            foreach (SyntaxNode child in node.ChildNodes())
            {
                Collect(child);
            }

            if (node is AwaitExpressionSyntax await)
            {
                points.Add(await);
            }
        }
    }

    /// <summary>True for <c>a &amp;&amp; b</c>, <c>a || b</c>, <c>a ?? b</c>, <c>c ? a : b</c> where a part that may not run contains an await.</summary>
    private bool IsConditionalSpillPoint(SyntaxNode node) => node switch
    {
        BinaryExpressionSyntax binary when binary.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression or SyntaxKind.CoalesceExpression
            => HasAwait(binary.Right),
        ConditionalExpressionSyntax conditional => HasAwait(conditional.WhenTrue) || HasAwait(conditional.WhenFalse),
        SwitchExpressionSyntax switchExpression => switchExpression.Arms.Any(HasAwait),
        BaseObjectCreationExpressionSyntax { Initializer: { } initializer } => HasAwait(initializer),
        ConditionalAccessExpressionSyntax access => HasAwait(access.WhenNotNull),
        AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression) => HasAwait(assignment.Right),
        _ => false,
    };

    private void SpillAwait(AwaitExpressionSyntax await)
    {
        IAwaitOperation? operation = _model.GetOperation(await, _cancellationToken) as IAwaitOperation;
        ITypeSymbol? resultType = operation?.Type;
        if (resultType is null || resultType.SpecialType == SpecialType.System_Void)
        {
            throw new LoweringNotSupportedException(await, "an await of a void result inside an expression");
        }

        string temp = NewTemp(resultType, await);
        EmitAwait(await, Rewrite(await.Expression), target: $"{M}.{temp}");
        _substitutions[await] = $"{M}.{temp}";
    }

    /// <summary>Lowers a short-circuiting construct with an await in a conditional part into branches that assign one temp.</summary>
    private void SpillConditional(ExpressionSyntax node)
    {
        TypeInfo typeInfo = _model.GetTypeInfo(node, _cancellationToken);
        ITypeSymbol type = typeInfo.Type ?? typeInfo.ConvertedType
            ?? throw new LoweringNotSupportedException(node, "a conditional expression without a type");
        if (type.SpecialType == SpecialType.System_Void)
        {
            throw new LoweringNotSupportedException(node, "a conditional access without a value, with an await, outside an expression statement");
        }

        string temp = $"{M}.{NewTemp(type, node)}";
        string end = NewLabel("endcondition");
        switch (node)
        {
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression):
                Emit($"{temp} = {SpillAndRewrite(binary.Left)};");
                Emit($"if (!{temp}) goto {end};");
                Emit($"{temp} = {SpillAndRewrite(binary.Right)};");
                break;
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalOrExpression):
                Emit($"{temp} = {SpillAndRewrite(binary.Left)};");
                Emit($"if ({temp}) goto {end};");
                Emit($"{temp} = {SpillAndRewrite(binary.Right)};");
                break;
            case BinaryExpressionSyntax binary:
            {
                ITypeSymbol leftType = _model.GetTypeInfo(binary.Left, _cancellationToken).Type
                    ?? throw new LoweringNotSupportedException(binary.Left, "the left of '??' without a type");
                string left = $"{M}.{NewTemp(leftType, binary.Left)}";
                Emit($"{left} = {SpillAndRewrite(binary.Left)};");
                Emit($"if ({left} != null)");
                Out.OpenBlock();
                Emit($"{temp} = {left} ?? default!;");
                Emit($"goto {end};");
                Out.CloseBlock();
                Emit($"{temp} = {SpillAndRewrite(binary.Right)};");
                break;
            }

            case SwitchExpressionSyntax switchExpression:
                EmitSwitchExpression(switchExpression, temp, end);
                break;
            case BaseObjectCreationExpressionSyntax creation:
                EmitObjectCreation(creation, type, temp);
                break;
            case ConditionalAccessExpressionSyntax access:
                EmitConditionalAccess(access, temp, end);
                break;
            case AssignmentExpressionSyntax coalesce:
                EmitCoalesceAssignment(coalesce, temp, end);
                break;
            case ConditionalExpressionSyntax conditional:
            {
                if (conditional.WhenTrue is RefExpressionSyntax)
                {
                    throw new LoweringNotSupportedException(conditional, "a ref conditional expression with an await");
                }

                string otherwise = NewLabel("whenfalse");
                Emit($"if (!({SpillAndRewrite(conditional.Condition)})) goto {otherwise};");
                Emit($"{temp} = {SpillAndRewrite(conditional.WhenTrue)};");
                Emit($"goto {end};");
                EmitLabel(otherwise);
                Emit($"{temp} = {SpillAndRewrite(conditional.WhenFalse)};");
                break;
            }
        }

        EmitLabel(end);
        Emit(";");
        _substitutions[node] = temp;
    }

    /// <summary>The receiver temp standing for the binding expressions (<c>.b</c>, <c>[i]</c>) of a lowered <c>?.</c>.</summary>
    private readonly Dictionary<ConditionalAccessExpressionSyntax, string> _bindingReceivers = new();

    /// <summary>
    /// <c>receiver?.rest</c> with an await in <c>rest</c>: the receiver is evaluated once into a
    /// temp; when it is null the result is null (default) and nothing of <c>rest</c> runs, its
    /// awaits included; otherwise <c>rest</c> runs on the temp (the value of a nullable struct).
    /// <paramref name="temp"/> is null for an expression statement, whose value nobody reads.
    /// </summary>
    private void EmitConditionalAccess(ConditionalAccessExpressionSyntax access, string? temp, string end)
    {
        ITypeSymbol receiverType = _model.GetTypeInfo(access.Expression, _cancellationToken).Type
            ?? throw new LoweringNotSupportedException(access.Expression, "a '?.' receiver without a type");
        bool nullableValue = receiverType.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
        if (!receiverType.IsReferenceType && !nullableValue)
        {
            // An unconstrained type parameter: C# tests a value type in place, without a copy.
            throw new LoweringNotSupportedException(access, "an await after '?.' on a receiver whose type is not known to be a reference type or a nullable struct");
        }

        string receiver = $"{M}.{NewTemp(receiverType, access.Expression)}";
        Emit($"{receiver} = {SpillAndRewrite(access.Expression)};");
        string whenNull = NewLabel("whennull");

        // `is null` never calls a user-defined ==, as '?.' does not.
        Emit($"if ({receiver} is null) goto {whenNull};");
        _bindingReceivers[access] = nullableValue ? $"{receiver}.GetValueOrDefault()" : receiver;
        if (temp is null)
        {
            EmitExpressionStatement(access.WhenNotNull);
        }
        else
        {
            Emit($"{temp} = {SpillAndRewrite(access.WhenNotNull)};");
        }

        Emit($"{receiver} = default!;");
        Emit($"goto {end};");
        EmitLabel(whenNull);
        Emit(";");
        if (temp is not null)
        {
            Emit($"{temp} = default!;");
        }
    }

    /// <summary>
    /// <c>target ??= value</c> with an await in <c>value</c> (corpus: CoalesceAssignmentWithAwait):
    /// the target's receiver and indices are evaluated once, the target is read; when it is not
    /// null that is the result and nothing of <c>value</c> runs, otherwise <c>value</c> is
    /// evaluated (awaits and all) and stored.
    /// </summary>
    private void EmitCoalesceAssignment(AssignmentExpressionSyntax assignment, string temp, string end)
    {
        ExpressionSyntax target = Unparenthesize(assignment.Left);
        var parts = new List<ExpressionSyntax>();
        ISymbol? symbol = _model.GetSymbolInfo(target, _cancellationToken).Symbol;
        switch (target)
        {
            case IdentifierNameSyntax when IsHoistedVariable(target) || symbol is IFieldSymbol or IPropertySymbol { IsIndexer: false }:
                break;
            case MemberAccessExpressionSyntax access when symbol is IFieldSymbol or IPropertySymbol { IsIndexer: false }:
                parts.Add(access.Expression);
                break;
            case ElementAccessExpressionSyntax element:
                CheckElementTarget(element, assignment);
                parts.Add(element.Expression);
                AddIndexArguments(element.ArgumentList, assignment, parts);
                break;
            default:
                throw new LoweringNotSupportedException(assignment, "an await on the right of '??=' with this target");
        }

        ITypeSymbol targetType = _model.GetTypeInfo(target, _cancellationToken).Type
            ?? throw new LoweringNotSupportedException(assignment, "a '??=' target without a type");
        if (targetType.TypeKind is TypeKind.Dynamic or TypeKind.Error)
        {
            throw new LoweringNotSupportedException(assignment, "an await on the right of '??=' with a dynamic target");
        }

        foreach (ExpressionSyntax part in parts)
        {
            SpillOperand(part, assignment);
        }

        string read = $"{M}.{NewTemp(targetType, target)}";
        Emit($"{read} = {Rewrite(assignment.Left)};");
        string whenNull = NewLabel("whennull");
        Emit($"if ({read} is null) goto {whenNull};");
        Emit($"{temp} = {read} ?? default!;");
        Emit($"goto {end};");
        EmitLabel(whenNull);
        Emit(";");
        string value = SpillAndRewrite(assignment.Right);
        Emit($"{temp} = ({Rewrite(assignment.Left)} = {value}) ?? default!;");
        Emit($"{read} = default!;");
    }

    /// <summary>The text standing for the receiver of a binding expression (<c>.b</c>, <c>[i]</c>) of a lowered <c>?.</c>, or null.</summary>
    private string? BindingReceiver(ExpressionSyntax binding)
    {
        for (SyntaxNode node = binding; node.Parent is { } parent; node = parent)
        {
            if (IsFunction(parent))
            {
                return null;
            }

            if (parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == node)
            {
                return _bindingReceivers.TryGetValue(access, out string? receiver) ? receiver : null;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>value switch { pattern when condition => result, ... }</c> with awaits in its arms: the
    /// arms are tested in order against the value evaluated once, and only the matching arm's
    /// result is evaluated; no match throws <c>SwitchExpressionException</c>, as C# does.
    /// </summary>
    private void EmitSwitchExpression(SwitchExpressionSyntax switchExpression, string temp, string end)
    {
        ITypeSymbol governingType = _model.GetTypeInfo(switchExpression.GoverningExpression, _cancellationToken).Type
            ?? throw new LoweringNotSupportedException(switchExpression.GoverningExpression, "a switch expression on a value without a type");
        string value = $"{M}.{NewTemp(governingType, switchExpression)}";
        Emit($"{value} = {SpillAndRewrite(switchExpression.GoverningExpression)};");
        foreach (SwitchExpressionArmSyntax arm in switchExpression.Arms)
        {
            string next = NewLabel("nextarm");
            if (arm.WhenClause is { } awaitingWhen && HasAwait(awaitingWhen))
            {
                // The pattern (which may assign its variable), then the when clause, awaits and all.
                Emit($"if (!({ArmTest(value, governingType, arm.Pattern)})) goto {next};");
                Emit($"if (!({SpillAndRewrite(awaitingWhen.Condition)})) goto {next};");
            }
            else
            {
                string when = arm.WhenClause is { } clause ? $" && ({Rewrite(clause.Condition)})" : string.Empty;
                Emit($"if (!({ArmTest(value, governingType, arm.Pattern)}{when})) goto {next};");
            }

            Emit($"{temp} = {SpillAndRewrite(arm.Expression)};");
            Emit($"goto {end};");
            EmitLabel(next);
            Emit(";");
        }

        Emit($"throw new global::System.Runtime.CompilerServices.SwitchExpressionException((object?){value});");
    }

    /// <summary>
    /// <c>new T(args) { Member = value, [key] = value, element, ... }</c> with awaits in the
    /// initializer: the arguments are evaluated in order, the object is created, then each
    /// initializer runs in order on it, as C# does; nobody sees the object before it is complete.
    /// </summary>
    private void EmitObjectCreation(BaseObjectCreationExpressionSyntax creation, ITypeSymbol type, string temp)
    {
        var arguments = new List<string>();
        foreach (ArgumentSyntax argument in creation.ArgumentList?.Arguments ?? default)
        {
            if (argument.RefKindKeyword.RawKind != 0)
            {
                throw new LoweringNotSupportedException(argument, "a ref or out argument of an object created with awaits in its initializer");
            }

            string text = EvaluateNow(argument.Expression, SpillAndRewrite(argument.Expression));
            arguments.Add((argument.NameColon is { } name ? name.Name.Identifier.Text + ": " : string.Empty) + text);
        }

        Emit($"{temp} = new {type.ToDisplayString(TypeFormat)}({string.Join(", ", arguments)});");
        EmitInitializer(temp, creation.Initializer!, readType: null);
    }

    /// <summary>
    /// The elements of an object or collection initializer, applied in order to <paramref name="target"/>.
    /// A nested initializer (<c>Inner = { X = a }</c>, <c>Items = { a, b }</c>) applies to the
    /// member itself: a class-typed member is read for each element, before its value (as C#
    /// evaluates a receiver before the right side); a struct field is a location, read by nobody.
    /// </summary>
    private void EmitInitializer(string target, InitializerExpressionSyntax initializer, ITypeSymbol? readType)
    {
        string? read = null;
        foreach (ExpressionSyntax expression in initializer.Expressions)
        {
            string temp = target;
            if (readType is not null)
            {
                if (expression is AssignmentExpressionSyntax { Right: InitializerExpressionSyntax })
                {
                    throw new LoweringNotSupportedException(expression, "a nested initializer inside a nested initializer of an object created with awaits in its initializer");
                }

                read ??= $"{M}.{NewTemp(readType, initializer)}";
                temp = read;
                Emit($"{temp} = {target};");
            }

            switch (expression)
            {
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax member, Right: InitializerExpressionSyntax nested } assignment
                    when initializer.IsKind(SyntaxKind.ObjectInitializerExpression) && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                {
                    ISymbol? symbol = _model.GetSymbolInfo(member, _cancellationToken).Symbol;
                    ITypeSymbol memberType = (symbol as IFieldSymbol)?.Type ?? (symbol as IPropertySymbol)?.Type
                        ?? throw new LoweringNotSupportedException(expression, "a nested initializer of this member");
                    if (memberType.IsReferenceType)
                    {
                        EmitInitializer($"{temp}.{member.Identifier.Text}", nested, memberType);
                    }
                    else if (symbol is IFieldSymbol && (readType is null || readType.IsReferenceType))
                    {
                        EmitInitializer($"{temp}.{member.Identifier.Text}", nested, readType: null);
                    }
                    else
                    {
                        throw new LoweringNotSupportedException(expression, "a nested initializer of a struct that is not a field of a class or of the created object");
                    }

                    break;
                }
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax member, Right: not InitializerExpressionSyntax } assignment
                    when initializer.IsKind(SyntaxKind.ObjectInitializerExpression) && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                    Emit($"{temp}.{member.Identifier.Text} = {SpillAndRewrite(assignment.Right)};");
                    break;
                case AssignmentExpressionSyntax { Left: ImplicitElementAccessSyntax index, Right: not InitializerExpressionSyntax } assignment
                    when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && !HasAwait(index):
                {
                    // The index is evaluated before the value (which may await), as C# does.
                    var keys = index.ArgumentList.Arguments.Select(key => EvaluateNow(key.Expression, Rewrite(key.Expression))).ToList();

                    Emit($"{temp}[{string.Join(", ", keys)}] = {SpillAndRewrite(assignment.Right)};");
                    break;
                }
                case InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ComplexElementInitializerExpression } element
                    when initializer.IsKind(SyntaxKind.CollectionInitializerExpression):
                    var values = new List<string>();
                    for (int i = 0; i < element.Expressions.Count; i++)
                    {
                        // A later value may await: this one is evaluated first, as C# does.
                        ExpressionSyntax value = element.Expressions[i];
                        string text = SpillAndRewrite(value);
                        values.Add(i < element.Expressions.Count - 1 ? EvaluateNow(value, text) : text);
                    }

                    Emit($"{temp}.Add({string.Join(", ", values)});");
                    break;
                case not AssignmentExpressionSyntax and not InitializerExpressionSyntax when initializer.IsKind(SyntaxKind.CollectionInitializerExpression):
                    Emit($"{temp}.Add({SpillAndRewrite(expression)});");
                    break;
                default:
                    throw new LoweringNotSupportedException(expression, "this initializer of an object created with awaits in its initializer");
            }
        }

        if (read is not null)
        {
            Emit($"{read} = default!;");
        }
    }

    /// <summary>
    /// Evaluates <paramref name="text"/> (the lowered <paramref name="value"/>) into a temp now,
    /// unless reading it later gives the same result: what C# evaluates before a later await.
    /// </summary>
    private string EvaluateNow(ExpressionSyntax value, string text)
    {
        if (IsPure(value))
        {
            return text;
        }

        ITypeSymbol type = _model.GetTypeInfo(value, _cancellationToken).ConvertedType
            ?? throw new LoweringNotSupportedException(value, "a value without a type evaluated before an await");
        string temp = $"{M}.{NewTemp(type, value)}";
        Emit($"{temp} = {text};");
        return temp;
    }

    /// <summary><c>value is pattern</c>, with a hoisted pattern variable assigned as <c>x is T name</c> does.</summary>
    private string ArmTest(string value, ITypeSymbol valueType, PatternSyntax pattern)
    {
        switch (pattern)
        {
            case DeclarationPatternSyntax { Designation: SingleVariableDesignationSyntax single } declaration
                when _model.GetDeclaredSymbol(single, _cancellationToken) is { } local && _fieldOf.TryGetValue(local, out string? field):
                string type = _model.GetTypeInfo(declaration.Type, _cancellationToken).Type?.ToDisplayString(TypeFormat)
                    ?? throw new LoweringNotSupportedException(pattern, "this pattern");
                return $"global::CoroGen.CompilerServices.MachinePatterns.Is<{valueType.ToDisplayString(TypeFormat)}, {type}>({value}, out {M}.{field})";
            case VarPatternSyntax { Designation: SingleVariableDesignationSyntax single }
                when _model.GetDeclaredSymbol(single, _cancellationToken) is { } local && _fieldOf.TryGetValue(local, out string? field):
                return $"global::CoroGen.CompilerServices.MachinePatterns.Assign(out {M}.{field}, {value})";
            case DiscardPatternSyntax:
                // `_ =>`: `value is _` would test for a type named `_`.
                return "true";
            default:
                if (pattern.DescendantNodesAndSelf().Any(static n => n is SingleVariableDesignationSyntax or ParenthesizedVariableDesignationSyntax))
                {
                    throw new LoweringNotSupportedException(pattern, "a pattern that declares variables in a switch expression with awaits (other than 'T name' and 'var name')");
                }

                return $"{value} is {Rewrite(pattern)}";
        }
    }

    /// <summary>
    /// Walks from <paramref name="await"/> up to <paramref name="root"/>, checking what C#
    /// evaluates before it at each level; evaluates impure operands into temps, outermost first.
    /// </summary>
    private void SpillPrecedingOperands(ExpressionSyntax await, ExpressionSyntax root)
    {
        var levels = new List<List<ExpressionSyntax>>();
        SyntaxNode child = await;
        for (SyntaxNode? parent = await.Parent; parent is not null && child != root; child = parent, parent = parent.Parent)
        {
            var before = new List<ExpressionSyntax>();
            switch (parent)
            {
                case ParenthesizedExpressionSyntax or CastExpressionSyntax or AwaitExpressionSyntax or RefValueExpressionSyntax:
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression or (int)SyntaxKind.UnaryMinusExpression or (int)SyntaxKind.UnaryPlusExpression or (int)SyntaxKind.BitwiseNotExpression or (int)SyntaxKind.IndexExpression }:
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression }:
                case IsPatternExpressionSyntax:
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.IsExpression or (int)SyntaxKind.AsExpression }:
                case EqualsValueClauseSyntax or ArrowExpressionClauseSyntax:
                    break;
                case MemberAccessExpressionSyntax memberAccess when memberAccess.Expression == child:
                    break;
                case ConditionalAccessExpressionSyntax conditionalAccess when conditionalAccess.Expression == child:
                    break;
                case ConditionalExpressionSyntax conditional when conditional.Condition == child:
                    break;
                case SwitchExpressionSyntax switchExpression when switchExpression.GoverningExpression == child:
                    break;
                case BinaryExpressionSyntax binary when binary.Left == child:
                    break;
                case BinaryExpressionSyntax binary when !binary.IsKind(SyntaxKind.LogicalAndExpression) && !binary.IsKind(SyntaxKind.LogicalOrExpression) && !binary.IsKind(SyntaxKind.CoalesceExpression):
                    before.Add(binary.Left);
                    break;
                case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression }:
                    // (An await on the right makes `??=` a spill point: EmitCoalesceAssignment.)
                    throw new LoweringNotSupportedException(await, "an await in the target of '??='");
                case AssignmentExpressionSyntax assignment when assignment.Right == child:
                    AddAssignmentTarget(assignment, before);
                    break;
                case AssignmentExpressionSyntax assignment when assignment.Left == child && child is not TupleExpressionSyntax:
                    // `a[await i] = v`: the receiver and indices, awaits included, come first.
                    break;
                case ArgumentSyntax argument when argument.RefKindKeyword.RawKind == 0:
                    break;
                case ArgumentListSyntax or BracketedArgumentListSyntax:
                    AddPrecedingArguments(((BaseArgumentListSyntax)parent).Arguments, (ArgumentSyntax)child, before);
                    AddReceiver(parent.Parent, before);
                    break;
                case TupleExpressionSyntax tuple:
                    AddPrecedingArguments(tuple.Arguments, (ArgumentSyntax)child, before);
                    break;
                case InvocationExpressionSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or ElementAccessExpressionSyntax or ElementBindingExpressionSyntax:
                    break;
                case InterpolationSyntax:
                    break;
                case ExpressionElementSyntax or SpreadElementSyntax:
                    break;
                case CollectionExpressionSyntax collection:
                    // `[a, await b]`: the elements before the await first, in order; the
                    // collection is built from their temps afterwards (which only target types
                    // whose construction nobody can observe allow).
                    CheckCollectionTarget(collection);
                    foreach (CollectionElementSyntax element in collection.Elements.TakeWhile(e => e != child))
                    {
                        before.Add(element is ExpressionElementSyntax expressionElement
                            ? expressionElement.Expression
                            : throw new LoweringNotSupportedException(element, "a spread element before an await in a collection expression"));
                    }

                    break;
                case InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ArrayInitializerExpression } arrayInitializer
                    when arrayInitializer.Parent is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or EqualsValueClauseSyntax:
                    // `new[] { a, await b }`: C# allocates the array, then evaluates and stores the elements in order.
                    if (arrayInitializer.Expressions.Any(static e => e is InitializerExpressionSyntax))
                    {
                        throw new LoweringNotSupportedException(arrayInitializer, "an await in the initializer of a multi-dimensional array");
                    }

                    before.AddRange(arrayInitializer.Expressions.TakeWhile(e => e != child));
                    break;
                case ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax:
                    break;
                case InterpolatedStringExpressionSyntax interpolated:
                    // The holes before the await are evaluated first (formatted when the string is
                    // built, as C# does when a hole awaits: corpus InterpolationHolesBeforeAwait).
                    foreach (InterpolatedStringContentSyntax content in interpolated.Contents.TakeWhile(c => c != child))
                    {
                        if (content is InterpolationSyntax interpolation)
                        {
                            before.Add(interpolation.Expression);
                        }
                    }

                    break;
                default:
                    throw new LoweringNotSupportedException(await, $"an await inside a '{parent.Kind()}' expression");
            }

            levels.Add(before);
        }

        levels.Reverse();
        foreach (ExpressionSyntax operand in levels.SelectMany(static l => l))
        {
            SpillOperand(operand, await);
        }
    }

    /// <summary>
    /// Target types a collection expression builds the same way whenever it is built: arrays,
    /// spans, List&lt;T&gt; and the interfaces C# implements with an array or a List&lt;T&gt;. Others
    /// (collection initializer types, [CollectionBuilder]) run user code as the elements come.
    /// </summary>
    private void CheckCollectionTarget(CollectionExpressionSyntax collection)
    {
        ITypeSymbol? target = _model.GetTypeInfo(collection, _cancellationToken).ConvertedType;
        bool known = target is IArrayTypeSymbol
            || target is INamedTypeSymbol { IsGenericType: true } named && named.OriginalDefinition.ToDisplayString() is "System.Collections.Generic.List<T>"
                or "System.Collections.Generic.IEnumerable<T>" or "System.Collections.Generic.IReadOnlyCollection<T>" or "System.Collections.Generic.IReadOnlyList<T>"
                or "System.Collections.Generic.ICollection<T>" or "System.Collections.Generic.IList<T>" or "System.Span<T>" or "System.ReadOnlySpan<T>";
        if (!known)
        {
            throw new LoweringNotSupportedException(collection, $"an await in a collection expression of type '{target?.ToDisplayString() ?? "?"}' (only arrays, spans, List<T> and its interfaces)");
        }
    }

    private void AddPrecedingArguments(SeparatedSyntaxList<ArgumentSyntax> arguments, ArgumentSyntax child, List<ExpressionSyntax> before)
    {
        // C# evaluates arguments in the order they are written, named ones included.
        foreach (ArgumentSyntax argument in arguments.TakeWhile(a => a != child))
        {
            if (argument.RefKindKeyword.RawKind != 0)
            {
                if (!IsPure(argument.Expression) && !IsHoistedVariable(argument.Expression) && argument.Expression is not DeclarationExpressionSyntax)
                {
                    throw new LoweringNotSupportedException(child, "an await after a ref or out argument that is not a local");
                }

                continue;
            }

            before.Add(argument.Expression);
        }
    }

    private void AddReceiver(SyntaxNode? call, List<ExpressionSyntax> before)
    {
        ExpressionSyntax? target = call switch
        {
            InvocationExpressionSyntax invocation => invocation.Expression,
            ElementAccessExpressionSyntax elementAccess => elementAccess.Expression,
            _ => null,
        };

        if (call is InvocationExpressionSyntax && target is not null
            && _model.GetSymbolInfo(target, _cancellationToken).Symbol is not null and not IMethodSymbol)
        {
            // A delegate invocation: C# reads the delegate (field, property, variable) before the
            // arguments (corpus: DelegateFieldReadBeforeAwait).
            before.Insert(0, target);
        }
        else if (call is ElementAccessExpressionSyntax && target is not null)
        {
            // `o.Items[await i]` reads o.Items (a field of this too) before the index.
            before.Insert(0, target);
        }
        else if (target is MemberAccessExpressionSyntax memberAccess)
        {
            before.Insert(0, memberAccess.Expression);
        }
        else if (target is MemberBindingExpressionSyntax)
        {
            // `?.M(...)`: the receiver of the binding is a temp already; `?.Items[...]` reads Items first.
            if (_model.GetSymbolInfo(target, _cancellationToken).Symbol is not IMethodSymbol)
            {
                before.Insert(0, target);
            }
        }
        else if (target is not null and not IdentifierNameSyntax and not GenericNameSyntax)
        {
            before.Insert(0, target);
        }
    }

    /// <summary>Compound assignments whose target C# reads before an await on their right: the temp holding that read.</summary>
    private readonly Dictionary<AssignmentExpressionSyntax, string> _compoundReads = new();

    /// <summary>
    /// What C# evaluates of an assignment's target before its right side: the receiver and the
    /// indices (a location cannot be held across an await, so they are evaluated into temps and
    /// the store happens after the await, as Roslyn's spiller does) and, for a compound
    /// assignment, the read of the target's value (<c>o.P += await e</c> reads <c>o.P</c> first).
    /// </summary>
    private void AddAssignmentTarget(AssignmentExpressionSyntax assignment, List<ExpressionSyntax> before)
    {
        ExpressionSyntax target = Unparenthesize(assignment.Left);
        bool simple = assignment.IsKind(SyntaxKind.SimpleAssignmentExpression);
        if (IsHoistedVariable(target))
        {
            ISymbol variable = _model.GetSymbolInfo(target, _cancellationToken).Symbol!;
            if (!simple && (WrittenVariables(assignment.Right).Contains(variable) || _fieldOf[variable].StartsWith(ClosureField + ".", System.StringComparison.Ordinal)))
            {
                // `x += (x = 1) + await e`, or x captured by a lambda the await may run: C# reads
                // x first (corpus: CompoundAssignmentTargetWrittenOnTheRight).
                CheckCompoundOperator(assignment);
                before.Add(assignment.Left);
            }

            return;
        }

        if (simple && target is IdentifierNameSyntax && _model.GetSymbolInfo(target, _cancellationToken).Symbol is IDiscardSymbol)
        {
            // `_ = await e;` (corpus: DiscardAssignmentOfAwait).
            return;
        }

        if (simple && target is TupleExpressionSyntax tuple && tuple.Arguments.All(a => IsPure(a.Expression) || IsHoistedVariable(a.Expression) || a.Expression is DeclarationExpressionSyntax))
        {
            return;
        }

        if (simple && target is DeclarationExpressionSyntax)
        {
            return;
        }

        if (_model.GetTypeInfo(target, _cancellationToken).Type is null or { TypeKind: TypeKind.Dynamic or TypeKind.Error })
        {
            throw new LoweringNotSupportedException(assignment, "an await on the right of an assignment to a dynamic target");
        }

        ISymbol? symbol = _model.GetSymbolInfo(target, _cancellationToken).Symbol;
        bool member = symbol is IFieldSymbol or IPropertySymbol { IsIndexer: false } or IEventSymbol;
        switch (target)
        {
            case IdentifierNameSyntax when member:
                // A field or property of `this` (or static): the location does not depend on anything the await changes.
                break;
            case MemberAccessExpressionSyntax access when member:
                before.Add(access.Expression);
                break;
            case MemberBindingExpressionSyntax when member:
                // The receiver of `?.` is a temp already.
                break;
            case ElementAccessExpressionSyntax element:
                CheckElementTarget(element, assignment);
                before.Add(element.Expression);
                AddIndexArguments(element.ArgumentList, assignment, before);
                break;
            case ElementBindingExpressionSyntax element:
                CheckElementTarget(element, assignment);
                AddIndexArguments(element.ArgumentList, assignment, before);
                break;
            default:
                throw new LoweringNotSupportedException(assignment, "an await on the right of an assignment to this target");
        }

        if (!simple && symbol is not IEventSymbol)
        {
            // (`e.Event += await h` calls the add accessor: nothing is read.)
            CheckCompoundOperator(assignment);
            before.Add(assignment.Left);
        }
    }

    /// <summary>
    /// <c>list[^1]</c> reads <c>Count</c> before the await in C#; an indexer taking the Index
    /// would read it after (the machine holds the Index, not the offset).
    /// </summary>
    private void CheckElementTarget(ExpressionSyntax element, AssignmentExpressionSyntax assignment)
    {
        if (_model.GetOperation(element, _cancellationToken) is IImplicitIndexerReferenceOperation implicitIndexer
            && (element is not ElementAccessExpressionSyntax || implicitIndexer.Argument.Type?.ToDisplayString() != "System.Index"
                || implicitIndexer.LengthSymbol is not IPropertySymbol || implicitIndexer.IndexerSymbol is not IPropertySymbol))
        {
            throw new LoweringNotSupportedException(assignment, "an await on the right of an assignment to an element indexed by a range or by '^' after '?.'");
        }
    }

    /// <summary>
    /// The index of <c>list[^1] = await e</c> (a Count/Length and an int indexer standing in for
    /// an Index indexer): C# computes the offset from the Count it reads before the await, then
    /// stores through the int indexer after it (corpus: IndexFromEndAssignment).
    /// </summary>
    private bool TrySpillIndexFromEnd(ExpressionSyntax operand)
    {
        if (operand.Parent is not ArgumentSyntax { Parent: BracketedArgumentListSyntax { Parent: ElementAccessExpressionSyntax element } }
            || _model.GetOperation(element, _cancellationToken) is not IImplicitIndexerReferenceOperation { LengthSymbol: IPropertySymbol length } implicitIndexer
            || implicitIndexer.Argument.Type?.ToDisplayString() != "System.Index")
        {
            return false;
        }

        ITypeSymbol intType = length.Type;
        string offset = $"{M}.{NewTemp(intType, operand)}";
        Emit($"{offset} = ((global::System.Index)({Rewrite(operand)})).GetOffset({Rewrite(element.Expression)}.{length.Name});");
        _substitutions[operand] = offset;
        return true;
    }

    private void AddIndexArguments(BracketedArgumentListSyntax arguments, AssignmentExpressionSyntax assignment, List<ExpressionSyntax> before)
    {
        foreach (ArgumentSyntax argument in arguments.Arguments)
        {
            if (argument.RefKindKeyword.RawKind != 0)
            {
                throw new LoweringNotSupportedException(assignment, "an await on the right of an assignment to an element with a ref index");
            }

            before.Add(argument.Expression);
        }
    }

    /// <summary>A user-defined instance compound operator (C# 14 <c>operator +=</c>) changes the target in place: not re-emitted as a read and a store.</summary>
    private void CheckCompoundOperator(AssignmentExpressionSyntax assignment)
    {
        if (_model.GetOperation(assignment, _cancellationToken) is not ICompoundAssignmentOperation { OperatorMethod: null or { IsStatic: true } })
        {
            throw new LoweringNotSupportedException(assignment, "an await on the right of a compound assignment with a user-defined instance operator");
        }
    }

    private bool IsHoistedVariable(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax && _model.GetSymbolInfo(expression, _cancellationToken).Symbol is { } symbol && _fieldOf.ContainsKey(symbol);

    /// <summary>True when evaluating <paramref name="expression"/> before or after an await gives the same result and has no effect.</summary>
    private bool IsPure(ExpressionSyntax expression)
    {
        if (_substitutions.ContainsKey(expression))
        {
            return true;
        }

        switch (expression)
        {
            case ThisExpressionSyntax when expression.Parent is not MemberAccessExpressionSyntax
                && _model.GetTypeInfo(expression, _cancellationToken).Type is { IsValueType: true, IsReadOnly: false }:
                // `this` of a mutable struct as a value is a copy taken when C# evaluates it: a later
                // operand may change the struct first (corpus: StructThisReadBeforeMutation). As a
                // receiver it is a location, as the hoisted `this` is.
                return false;
            case LiteralExpressionSyntax or ThisExpressionSyntax or BaseExpressionSyntax or TypeOfExpressionSyntax
                or SizeOfExpressionSyntax or DefaultExpressionSyntax or PredefinedTypeSyntax or AnonymousFunctionExpressionSyntax:
                return true;
            case ParenthesizedExpressionSyntax parenthesized:
                return IsPure(parenthesized.Expression);
            case DeclarationExpressionSyntax:
                return true;
        }

        if (_model.GetConstantValue(expression, _cancellationToken).HasValue)
        {
            return true;
        }

        ISymbol? symbol = _model.GetSymbolInfo(expression, _cancellationToken).Symbol;
        return symbol switch
        {
            INamespaceOrTypeSymbol => expression is IdentifierNameSyntax or QualifiedNameSyntax or MemberAccessExpressionSyntax or GenericNameSyntax or AliasQualifiedNameSyntax,
            // A hoisted variable keeps its value across the await unless the expression being
            // lowered writes it (`F(i, i++, await e)` reads the old i first: corpus
            // ReadBeforeIncrementInArguments); then its read is evaluated into a temp like any operand.
            // A variable captured by a lambda may change during the await (the awaited call can
            // run the lambda; corpus: CapturedLocalReadBeforeAwait): evaluated into a temp too.
            ILocalSymbol or IParameterSymbol => expression is IdentifierNameSyntax && _fieldOf.TryGetValue(symbol, out string? field)
                && !_writtenInExpression.Contains(symbol) && !field.StartsWith(ClosureField + ".", System.StringComparison.Ordinal),
            IMethodSymbol => expression is IdentifierNameSyntax or GenericNameSyntax,
            _ => false,
        };
    }

    /// <summary>Evaluates an operand C# evaluates before an await into a temp, unless nothing can tell the difference.</summary>
    private void SpillOperand(ExpressionSyntax operand, ExpressionSyntax await)
    {
        if (operand.Parent is AssignmentExpressionSyntax compound && compound.Left == operand && !compound.IsKind(SyntaxKind.SimpleAssignmentExpression))
        {
            // The read of a compound assignment's target (AddAssignmentTarget), once, after its
            // receiver and indices; the store happens after the await, from this value.
            if (!_compoundReads.ContainsKey(compound))
            {
                ITypeSymbol targetType = _model.GetTypeInfo(operand, _cancellationToken).Type
                    ?? throw new LoweringNotSupportedException(compound, "a compound assignment to a target without a type");
                string read = $"{M}.{NewTemp(targetType, operand)}";
                Emit($"{read} = {Rewrite(operand)};");
                _compoundReads[compound] = read;
            }

            return;
        }

        if (TrySpillIndexFromEnd(operand) || IsPure(operand))
        {
            return;
        }

        // An operand whose awaits (and short-circuiting spill points) are all lowered already
        // (they come first in post-order) is evaluated now, reading their temps: what it does
        // after its own awaits runs before this await, as in C# (corpus: ManyAwaitsInOneExpression).
        TypeInfo typeInfo = _model.GetTypeInfo(operand, _cancellationToken);
        // (An argument or element is converted to its parameter or element type when C# evaluates it.)
        ITypeSymbol? type = operand.Parent is ArgumentSyntax or ExpressionElementSyntax or InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ArrayInitializerExpression }
            ? typeInfo.ConvertedType
            : typeInfo.Type;
        ISymbol? symbol = _model.GetSymbolInfo(operand, _cancellationToken).Symbol;
        if (type is null || type.TypeKind == TypeKind.Error || type.IsRefLikeType)
        {
            throw new LoweringNotSupportedException(operand, "an operand evaluated before an await that has no type");
        }

        bool receiver = operand.Parent is MemberAccessExpressionSyntax || operand.Parent is ElementAccessExpressionSyntax element && element.Expression == operand;
        if (type.IsValueType && receiver && (symbol is IFieldSymbol || IsHoistedVariable(operand)))
        {
            // (A hoisted struct variable as receiver is a machine field: also a location.)
            // A struct field used as a receiver is a location, not a value: C# calls on it in place.
            // What the location hangs off is still evaluated first (`F().s.M(await e)` calls F before).
            if (operand is MemberAccessExpressionSyntax { Expression: var holder } && symbol is IFieldSymbol { IsStatic: false })
            {
                SpillOperand(holder, await);
            }

            return;
        }

        if (receiver && type.IsValueType)
        {
            switch (_model.GetOperation(operand, _cancellationToken))
            {
                case IInvocationOperation { TargetMethod: { ReturnsByRef: false, ReturnsByRefReadonly: false } }:
                case IPropertyReferenceOperation { Property: { ReturnsByRef: false, ReturnsByRefReadonly: false } }:
                    // A struct returned by value: C# calls on a temporary copy too, which the
                    // machine holds (corpus: StructReceiversBeforeAwait).
                    break;
                case IArrayElementReferenceOperation when operand is ElementAccessExpressionSyntax arrayElement:
                    // An array element is a location: C# evaluates the array and the indices
                    // first and calls on the element in place after the await.
                    SpillOperand(arrayElement.Expression, await);
                    foreach (ArgumentSyntax index in arrayElement.ArgumentList.Arguments)
                    {
                        SpillOperand(index.Expression, await);
                    }

                    return;
                default:
                    throw new LoweringNotSupportedException(operand, "an await after a struct receiver that has side effects");
            }
        }

        string temp = NewTemp(type, operand);
        Emit($"{M}.{temp} = {Rewrite(operand)};");
        _substitutions[operand] = $"{M}.{temp}";
    }

    /// <summary>Emits one await: inline child machine, CoroGen awaiter, or foreign awaiter.</summary>
    private void EmitAwait(AwaitExpressionSyntax await, string operand, string? target)
    {
        if (TryEmitInlinedCall(await, target))
        {
            return;
        }

        AwaitExpressionInfo info = _model.GetAwaitExpressionInfo(await);
        if (info.IsDynamic || info.GetAwaiterMethod is not { } getAwaiter || info.GetResultMethod is null)
        {
            throw new LoweringNotSupportedException(await, "this awaitable");
        }

        EmitAwaitCore(operand, getAwaiter.ReturnType, target, await);
    }

    /// <summary>Emits <c>target = await operand</c> for an awaiter of <paramref name="awaiterType"/>.</summary>
    private void EmitAwaitCore(string operand, ITypeSymbol awaiterType, string? target, SyntaxNode where)
    {
        if (awaiterType.IsRefLikeType)
        {
            throw new LoweringNotSupportedException(where, "a ref struct awaiter");
        }

        // Awaits run one at a time and each clears its awaiter, so awaits of one awaiter type share a field (as Roslyn does).
        string awaiterKey = awaiterType.ToDisplayString(TypeFormat);
        if (!_awaiterFields.TryGetValue(awaiterKey, out string? awaiter))
        {
            awaiter = AddField(awaiterType, "__a" + _awaiterFields.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), where);
            _awaiterFields[awaiterKey] = awaiter;
        }

        int state = _states + 1;
        string resume = NewLabel("resume");
        bool coroAwaiter = awaiterType.AllInterfaces.Any(static i => i.ToDisplayString() == CoroAwaiterInterface);
        Emit($"{M}.{awaiter} = ({operand}).GetAwaiter();");
        Emit($"if (!{M}.{awaiter}.IsCompleted)");
        Out.OpenBlock();
        Emit($"{M}.__state = {state};");
        Emit(coroAwaiter
            ? $"{M}.{awaiter}.Suspend({Task});"
            : $"global::CoroGen.CompilerServices.MachineCoro.SuspendForeign(ref {M}.{awaiter}, {Task});");
        Emit("return false;");
        Out.CloseBlock();
        NewState(resume);
        EmitLabel(resume);
        Emit($"{M}.__state = -1;");
        string result = $"{M}.{awaiter}.GetResult()";
        if (target is not null)
        {
            Emit($"{target} = {result};");
        }
        else
        {
            Emit($"{result};");
        }

        // Clearing lets the GC collect what the awaiter holds; an awaiter without references
        // (Sleep's) needs no clearing, and the next await overwrites it anyway.
        if (!awaiterType.IsUnmanagedType)
        {
            Emit($"{M}.{awaiter} = default!;");
        }
    }
}
