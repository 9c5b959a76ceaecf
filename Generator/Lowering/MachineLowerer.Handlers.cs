// Exception handlers that contain awaits. C# cannot suspend inside a catch or finally block
// (the runtime's handler frames do not survive a return), so, as Roslyn's AsyncRewriter does:
// - await in a catch: the real catch only records the exception and which handler matched;
//   the handler's body runs after the try statement, and `throw;` rethrows the recorded
//   exception with its original stack (ExceptionDispatchInfo).
// - await in a finally: the try body runs under a catch-all that records the exception; the
//   finally body runs after it on every path, then rethrows what was recorded. A return, break
//   or continue that leaves the try first records which exit it took and jumps to the finally;
//   after the finally body, the recorded exit is taken (through the next outer finally, if any).
// - try/catch/finally with awaits in both is a try/finally around a try/catch, as in C#.
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoroGen.Generator.Lowering;

internal sealed partial class MachineLowerer
{
    private readonly Stack<FinallyFrame> _finallyFrames = new();
    private readonly Dictionary<SyntaxNode, string> _rethrowFields = new();

    private enum JumpKind
    {
        Return,
        Break,
        Continue,
    }

    /// <summary>A try whose finally (or async dispose) contains an await: where exits must go first.</summary>
    private sealed class FinallyFrame(string label, string pendingField)
    {
        public string Label { get; } = label;

        public string PendingField { get; } = pendingField;

        public List<(int Id, JumpKind Kind, JumpTargets? Targets)> Exits { get; } = new();
    }

    /// <summary>
    /// The statement for a jump at the current point: straight to its target, or, when it leaves
    /// a try whose finally was lowered, through that finally.
    /// </summary>
    private string JumpText(JumpKind kind, JumpTargets? targets)
    {
        int targetDepth = kind == JumpKind.Return ? 0 : targets!.FrameDepth;
        if (_finallyFrames.Count > targetDepth)
        {
            FinallyFrame frame = _finallyFrames.Peek();
            int id = frame.Exits.Count + 1;
            frame.Exits.Add((id, kind, targets));
            return $"{{ {M}.{frame.PendingField} = {id.ToString(System.Globalization.CultureInfo.InvariantCulture)}; goto {frame.Label}; }}";
        }

        return kind switch
        {
            JumpKind.Return => $"{{ {M}.__state = -2; return true; }}",
            JumpKind.Break => $"goto {targets!.Break};",
            _ => $"goto {targets!.Continue};",
        };
    }

    /// <summary>
    /// A goto to a label of a flattened block: like a break, through every lowered finally it
    /// leaves (C# only jumps to labels of enclosing blocks, so those are the frames around the
    /// goto that are not around the label).
    /// </summary>
    private string GotoText(GotoStatementSyntax statement, string label)
    {
        var labeled = (LabeledStatementSyntax)((ILabelSymbol)_model.GetSymbolInfo(statement.Expression!, _cancellationToken).Symbol!)
            .DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken);
        int labelDepth = LoweredFinallyDepth(labeled);
        if (LoweredFinallyDepth(statement) != _finallyFrames.Count || labelDepth > _finallyFrames.Count)
        {
            throw new LoweringNotSupportedException(statement, "a 'goto' whose lowered finally blocks could not be matched with its label's");
        }

        return JumpText(JumpKind.Break, new JumpTargets(label, Continue: null, labelDepth));
    }

    /// <summary>How many lowered finally frames (EmitFinallyFrame) the flattened code at <paramref name="node"/> runs inside.</summary>
    private int LoweredFinallyDepth(SyntaxNode node)
    {
        int depth = 0;
        for (SyntaxNode child = node; child != _body && child.Parent is { } parent; child = parent)
        {
            switch (parent)
            {
                case TryStatementSyntax { Finally: { } finallyClause } when HasAwait(finallyClause) && child != finallyClause:
                    depth++;
                    break;
                case UsingStatementSyntax { AwaitKeyword.RawKind: not 0 } usingStatement when child == usingStatement.Statement:
                    depth += usingStatement.Declaration?.Variables.Count ?? 1;
                    break;
                case CommonForEachStatementSyntax { AwaitKeyword.RawKind: not 0 } forEach when child == forEach.Statement:
                    depth++;
                    break;
                case BlockSyntax block:
                    depth += AwaitUsingDeclarationsBefore(block.Statements, child);
                    break;
                case SwitchSectionSyntax section:
                    depth += AwaitUsingDeclarationsBefore(section.Statements, child);
                    break;
            }
        }

        return depth;
    }

    /// <summary>`await using var r = ...;` lowers the rest of its block into a frame per declarator.</summary>
    private static int AwaitUsingDeclarationsBefore(SyntaxList<StatementSyntax> statements, SyntaxNode child)
    {
        int count = 0;
        foreach (StatementSyntax statement in statements)
        {
            if (statement == child)
            {
                break;
            }

            if (statement is LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: not 0, UsingKeyword.RawKind: not 0 } declaration)
            {
                count += declaration.Declaration.Variables.Count;
            }
        }

        return count;
    }

    /// <summary>Runs <paramref name="body"/> under a lowered finally whose body is <paramref name="finallyBody"/>.</summary>
    private void EmitFinallyFrame(System.Action body, System.Action finallyBody)
    {
        string exception = AddField("global::System.Exception", "__fex");
        string pending = AddField("int", "__exit");
        string label = NewLabel("finally");
        Emit($"{M}.{exception} = null;");
        Emit($"{M}.{pending} = 0;");
        var frame = new FinallyFrame(label, pending);
        _finallyFrames.Push(frame);
        EmitTryRegion(
            body,
            catches: new List<string>
            {
                "catch (global::System.Exception __e)",
                "{",
                $"    {M}.{exception} = __e;",
                "}",
            },
            finallyLines: null);
        _finallyFrames.Pop();

        EmitLabel(label);
        Emit(";");
        finallyBody();
        Emit($"if ({M}.{exception} != null)");
        Out.OpenBlock();
        Emit($"var __rethrow = {M}.{exception};");
        Emit($"{M}.{exception} = null;");
        Emit("global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(__rethrow).Throw();");
        Out.CloseBlock();
        foreach ((int id, JumpKind kind, JumpTargets? targets) in frame.Exits)
        {
            Emit($"if ({M}.{pending} == {id.ToString(System.Globalization.CultureInfo.InvariantCulture)}) {JumpText(kind, targets)}");
        }
    }

    private void EmitTry(TryStatementSyntax statement)
    {
        bool finallyAwaits = statement.Finally is { } finallyClause && HasAwait(finallyClause);
        if (finallyAwaits)
        {
            EmitFinallyFrame(
                body: () =>
                {
                    if (statement.Catches.Count > 0)
                    {
                        EmitTryCatch(statement.Block, statement.Catches, finallyLines: null);
                    }
                    else
                    {
                        Flatten(statement.Block);
                    }
                },
                finallyBody: () => Flatten(statement.Finally!.Block));
            return;
        }

        List<string>? finallyLines = statement.Finally is { } f ? Lines(Rewrite(f.Block)).ToList() : null;
        if (statement.Catches.Any(HasAwait) && finallyLines is not null)
        {
            // The finally must run after a handler that now runs outside the try: nest them.
            EmitTryRegion(() => EmitTryCatch(statement.Block, statement.Catches, finallyLines: null), new List<string>(), finallyLines);
            return;
        }

        EmitTryCatch(statement.Block, statement.Catches, finallyLines);
    }

    private void EmitTryCatch(BlockSyntax block, SyntaxList<CatchClauseSyntax> catches, List<string>? finallyLines)
    {
        if (!catches.Any(HasAwait))
        {
            var verbatim = new List<string>();
            foreach (CatchClauseSyntax catchClause in catches)
            {
                verbatim.AddRange(Lines(Rewrite(catchClause)));
            }

            EmitTryRegion(() => Flatten(block), verbatim, finallyLines);
            return;
        }

        string handler = AddField("int", "__handler");
        string exception = AddField("global::System.Exception", "__cex");
        Emit($"{M}.{handler} = 0;");
        var catchLines = new List<string>();
        for (int i = 0; i < catches.Count; i++)
        {
            CatchClauseSyntax catchClause = catches[i];
            if (!HasAwait(catchClause))
            {
                catchLines.AddRange(Lines(Rewrite(catchClause)));
                continue;
            }

            string type = catchClause.Declaration is { } declaration
                ? _model.GetTypeInfo(declaration.Type, _cancellationToken).Type?.ToDisplayString(TypeFormat) ?? "global::System.Exception"
                : "global::System.Exception";
            string? variable = catchClause.Declaration is { Identifier.RawKind: not 0 } named
                && _model.GetDeclaredSymbol(named, _cancellationToken) is { } local && _fieldOf.TryGetValue(local, out string? field)
                ? $"{M}.{field}"
                : null;
            string filter = string.Empty;
            if (catchClause.Filter is { } whenClause)
            {
                // The filter runs inside the real catch, so the hoisted variable is set first.
                string assign = variable is null ? string.Empty : $"global::CoroGen.CompilerServices.MachinePatterns.Assign(out {variable}, __e) && ";
                filter = $" when ({assign}({Rewrite(whenClause.FilterExpression)}))";
            }

            catchLines.Add($"catch ({type} __e){filter}");
            catchLines.Add("{");
            catchLines.Add($"    {M}.{exception} = __e;");
            catchLines.Add($"    {M}.{handler} = {(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)};");
            catchLines.Add("}");
        }

        EmitTryRegion(() => Flatten(block), catchLines, finallyLines);

        string end = NewLabel("endhandlers");
        for (int i = 0; i < catches.Count; i++)
        {
            CatchClauseSyntax catchClause = catches[i];
            if (!HasAwait(catchClause))
            {
                continue;
            }

            string next = NewLabel("nexthandler");
            Emit($"if ({M}.{handler} != {(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}) goto {next};");
            if (catchClause.Declaration is { Identifier.RawKind: not 0 } named
                && _model.GetDeclaredSymbol(named, _cancellationToken) is { } local && _fieldOf.TryGetValue(local, out string? field))
            {
                string type = _model.GetTypeInfo(named.Type, _cancellationToken).Type!.ToDisplayString(TypeFormat);
                Emit($"{M}.{field} = ({type}){M}.{exception};");
            }

            _rethrowFields[catchClause] = exception;
            Flatten(catchClause.Block);
            Emit($"goto {end};");
            EmitLabel(next);
            Emit(";");
        }

        EmitLabel(end);
        Emit($"{M}.{exception} = null;");
    }

    /// <summary>The awaiter type of <c>operand.GetAwaiter()</c> for a synthesized await (DisposeAsync, MoveNextAsync).</summary>
    private static ITypeSymbol AwaiterTypeOf(ITypeSymbol awaitable, SyntaxNode where) =>
        awaitable.GetMembers("GetAwaiter").OfType<IMethodSymbol>().FirstOrDefault(static m => m.Parameters.Length == 0 && !m.IsStatic)?.ReturnType
        ?? throw new LoweringNotSupportedException(where, $"awaiting '{awaitable.ToDisplayString()}' (no GetAwaiter method)");

    /// <summary>The parameterless instance method <paramref name="name"/> of <paramref name="type"/> or of the interfaces it implements.</summary>
    private static IMethodSymbol? FindMethod(ITypeSymbol type, string name) =>
        FindPublicMethod(type, name)
        ?? type.AllInterfaces.SelectMany(i => i.GetMembers(name)).OfType<IMethodSymbol>().FirstOrDefault(static m => m.Parameters.Length == 0);

    /// <summary><c>await using</c>: the resources are disposed with an awaited DisposeAsync in a lowered finally.</summary>
    private void EmitAwaitUsing(List<(string Field, ITypeSymbol Type)> resources, int index, System.Action body, SyntaxNode where)
    {
        if (index == resources.Count)
        {
            body();
            return;
        }

        (string field, ITypeSymbol type) = resources[index];
        IMethodSymbol disposeAsync = FindMethod(type, "DisposeAsync")
            ?? throw new LoweringNotSupportedException(where, $"'await using' on '{type.ToDisplayString()}' without DisposeAsync");
        string call = disposeAsync.ContainingType.TypeKind == TypeKind.Interface && FindPublicMethod(type, "DisposeAsync") is null
            ? $"(({disposeAsync.ContainingType.ToDisplayString(TypeFormat)}){M}.{field}).DisposeAsync()"
            : $"{M}.{field}.DisposeAsync()";
        EmitFinallyFrame(
            body: () => EmitAwaitUsing(resources, index + 1, body, where),
            finallyBody: () =>
            {
                string skip = NewLabel("nodispose");
                if (!type.IsValueType || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
                {
                    Emit($"if ({M}.{field} == null) goto {skip};");
                }

                EmitAwaitCore(call, AwaiterTypeOf(disposeAsync.ReturnType, where), target: null, where);
                EmitLabel(skip);
                Emit(";");
            });
    }

    private static IMethodSymbol? FindPublicMethod(ITypeSymbol type, string name) =>
        type.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault(static m => m.Parameters.Length == 0 && !m.IsStatic && m.DeclaredAccessibility == Accessibility.Public);

    /// <summary><c>await foreach</c>: MoveNextAsync awaited each iteration, DisposeAsync awaited in a lowered finally.</summary>
    private void EmitAwaitForEach(CommonForEachStatementSyntax statement)
    {
        ForEachStatementInfo info = _model.GetForEachStatementInfo(statement);
        if (info.GetEnumeratorMethod is not { } getEnumerator || !IsPlainExtensionOrInstance(getEnumerator) || info.MoveNextMethod is not { } moveNext
            || info.CurrentProperty is null || getEnumerator.ReturnType.IsRefLikeType)
        {
            throw new LoweringNotSupportedException(statement.Expression, "await foreach over this collection");
        }

        ITypeSymbol enumeratorType = getEnumerator.ReturnType;
        string enumerator = NewTemp(enumeratorType, statement);
        string collection = SpillAndRewrite(statement.Expression);
        string source = getEnumerator.ContainingType.TypeKind == TypeKind.Interface
            ? $"(({getEnumerator.ContainingType.ToDisplayString(TypeFormat)})({collection}))"
            : $"({collection})";
        Emit($"{M}.{enumerator} = {source}.GetAsyncEnumerator();");
        string hasNext = AddField("bool", "__more" + _temps++);
        string continueLabel = NewLabel("awaitforeach");
        string breakLabel = NewLabel("endawaitforeach");
        EmitFinallyFrame(
            body: () =>
            {
                _jumpTargets[statement] = new JumpTargets(breakLabel, continueLabel, _finallyFrames.Count);
                EmitLabel(continueLabel);
                EmitAwaitCore($"{M}.{enumerator}.MoveNextAsync()", AwaiterTypeOf(moveNext.ReturnType, statement), $"{M}.{hasNext}", statement);
                Emit($"if (!{M}.{hasNext}) goto {breakLabel};");
                Emit(IterationVariableAssignment(statement, $"{M}.{enumerator}.Current"));
                Flatten(statement.Statement);
                Emit($"goto {continueLabel};");
                EmitLabel(breakLabel);
                Emit(";");
            },
            finallyBody: () =>
            {
                string skip = NewLabel("nodispose");
                if (info.DisposeMethod is { } disposeAsync)
                {
                    if (!enumeratorType.IsValueType)
                    {
                        Emit($"if ({M}.{enumerator} == null) goto {skip};");
                    }

                    string call = disposeAsync.ContainingType.TypeKind == TypeKind.Interface && FindPublicMethod(enumeratorType, "DisposeAsync") is null
                        ? $"(({disposeAsync.ContainingType.ToDisplayString(TypeFormat)}){M}.{enumerator}).DisposeAsync()"
                        : $"{M}.{enumerator}.DisposeAsync()";
                    EmitAwaitCore(call, AwaiterTypeOf(disposeAsync.ReturnType, statement), target: null, statement);
                }

                EmitLabel(skip);
                Emit($"{M}.{enumerator} = default!;");
            });
    }
}
