// Lambdas that capture what the machine holds. A lambda cannot capture the step method's
// `ref` machine parameter, so, as the C# compiler does with a display class, the captured
// locals and parameters move into a closure object (`__M_Closure`) that the machine creates
// when it starts (one allocation per call of such a coroutine, as C#'s builder path makes), and
// each capturing lambda becomes a method of that object; the step method creates the delegate
// from it with the lambda's own delegate type. Inside the moved body, captured variables are
// the closure's fields, `this` and the type's instance members go through `__outer`.
// Not supported (CORO0009): capturing local functions, expression-tree lambdas, lambdas that
// also capture a local the machine does not hold, and `base` inside a capturing lambda.
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CoroGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoroGen.Generator.Lowering;

internal sealed partial class MachineLowerer
{
    /// <summary>The access path prefix of captured variables, relative to the machine.</summary>
    private const string ClosureField = "__cl";

    private readonly List<FieldSpec> _closureFields = new();
    private readonly Dictionary<SyntaxNode, string> _movedLambdas = new();
    private readonly StringBuilder _closureMethods = new();

    /// <summary>Finds lambdas capturing hoisted variables and moves those variables into the closure.</summary>
    private void PlanClosures()
    {
        foreach (SyntaxNode function in _body.DescendantNodes(static n => !IsFunction(n)).Where(IsFunction))
        {
            var captured = new List<ISymbol>();
            ILocalSymbol? foreign = null;
            foreach (SyntaxNode node in function.DescendantNodes())
            {
                if (node is IdentifierNameSyntax name && _model.GetSymbolInfo(name, _cancellationToken).Symbol is { } symbol)
                {
                    if (_fieldOf.ContainsKey(symbol))
                    {
                        captured.Add(symbol);
                    }
                    else if (symbol is ILocalSymbol local && local.Locations.FirstOrDefault() is { } declared
                        && declared.SourceTree == function.SyntaxTree && !function.Span.Contains(declared.SourceSpan))
                    {
                        foreign = local;
                    }
                }
            }

            if (captured.Count > 0 && foreign is not null)
            {
                throw new LoweringNotSupportedException(function, $"a lambda that captures '{foreign.Name}', which the machine does not hold, together with variables it does");
            }

            foreach (ISymbol symbol in captured)
            {
                if (symbol is ILocalSymbol local && IsFreshPerIteration(local))
                {
                    // C# gives each iteration its own variable (and its own closure); one closure per machine would share it.
                    throw new LoweringNotSupportedException(function, $"a lambda that captures '{local.Name}', a variable declared inside a loop");
                }
            }

            if (captured.Count == 0)
            {
                continue;
            }

            if (function is LocalFunctionStatementSyntax)
            {
                throw new LoweringNotSupportedException(function, $"a local function that captures '{captured[0].Name}'");
            }

            if (function.DescendantNodes().Any(static n => n is BaseExpressionSyntax))
            {
                throw new LoweringNotSupportedException(function, "'base' inside a lambda that captures variables");
            }

            _movedLambdas[function] = string.Empty;
            foreach (ISymbol symbol in captured.Distinct(SymbolEqualityComparer.Default))
            {
                string field = _fieldOf[symbol];
                if (field.StartsWith(ClosureField + ".", System.StringComparison.Ordinal))
                {
                    continue;
                }

                // The variable lives in the closure from now on; the step method reaches it through the machine's closure field.
                FieldSpec spec = _fields.First(f => f.Name == field);
                if (symbol is not IParameterSymbol)
                {
                    _fields.Remove(spec);
                }

                _closureFields.Add(spec);
                _fieldOf[symbol] = ClosureField + "." + field;
            }
        }
    }

    /// <summary>True for a local declared in a loop body or as a foreach variable: a new variable each iteration.</summary>
    private bool IsFreshPerIteration(ILocalSymbol local)
    {
        SyntaxNode? declaration = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken);
        for (SyntaxNode? node = declaration; node is not null && node != _body; node = node.Parent)
        {
            switch (node.Parent)
            {
                case ForEachStatementSyntax or ForEachVariableStatementSyntax:
                    return true;
                case WhileStatementSyntax loop when loop.Statement == node:
                    return true;
                case DoStatementSyntax loop when loop.Statement == node:
                    return true;
                case ForStatementSyntax loop when loop.Statement == node:
                    return true;
            }
        }

        return false;
    }

    /// <summary>The statements that create the closure when the machine starts.</summary>
    private void EmitClosureCreation(string closureType)
    {
        if (_closureFields.Count == 0)
        {
            return;
        }

        Emit($"{M}.{ClosureField} = new {closureType}();");
        foreach (FieldSpec field in _closureFields.Where(static f => f.Name.StartsWith("p_", System.StringComparison.Ordinal)))
        {
            Emit($"{M}.{ClosureField}.{field.Name} = {M}.{field.Name};");
        }

        if (!_method.IsStatic)
        {
            Emit($"{M}.{ClosureField}.__outer = this;");
        }
    }

    /// <summary>Moves a capturing lambda into the closure and returns the delegate creation that replaces it.</summary>
    private string MoveLambda(AnonymousFunctionExpressionSyntax lambda)
    {
        if (_movedLambdas.TryGetValue(lambda, out string? created) && created.Length > 0)
        {
            return created;
        }

        ITypeSymbol? delegateType = _model.GetTypeInfo(lambda, _cancellationToken).ConvertedType;
        if (delegateType is not INamedTypeSymbol { TypeKind: TypeKind.Delegate } || _model.GetSymbolInfo(lambda, _cancellationToken).Symbol is not IMethodSymbol signature)
        {
            throw new LoweringNotSupportedException(lambda, "a capturing lambda converted to an expression tree or without a delegate type");
        }

        string name = "__L" + _movedLambdas.Values.Count(static v => v.Length > 0).ToString(CultureInfo.InvariantCulture);
        var parameters = new List<string>();
        var names = new HashSet<string>();
        for (int i = 0; i < signature.Parameters.Length; i++)
        {
            IParameterSymbol parameter = signature.Parameters[i];
            string parameterName = parameter.Name is "_" or "" || !names.Add(parameter.Name) ? "__p" + i.ToString(CultureInfo.InvariantCulture) : parameter.Name;
            string modifier = parameter.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                _ => string.Empty,
            };
            parameters.Add($"{modifier}{parameter.Type.ToDisplayString(TypeFormat)} {SyntaxFacts.GetKeywordKind(parameterName) switch { SyntaxKind.None => parameterName, _ => "@" + parameterName }}");
        }

        string returnType = signature.ReturnsVoid ? "void" : signature.ReturnType.ToDisplayString(TypeFormat);
        string asyncModifier = lambda.AsyncKeyword.RawKind != 0 ? "async " : string.Empty;
        string body = new BodyRewriter(this, closureMode: true).Visit(lambda.Body)!.ToString();
        _closureMethods.Append("internal ").Append(asyncModifier).Append(returnType).Append(' ').Append(name)
            .Append('(').Append(string.Join(", ", parameters)).Append(')');
        if (lambda.Body is BlockSyntax)
        {
            _closureMethods.Append('\n').Append(body).Append('\n');
        }
        else
        {
            _closureMethods.Append(" => ").Append(body).Append(";\n");
        }

        _closureMethods.Append('\n');
        created = $"new {delegateType.ToDisplayString(TypeFormat)}({M}.{ClosureField}.{name})";
        _movedLambdas[lambda] = created;
        return created;
    }

    /// <summary>The closure class's members (fields, the outer instance, the moved lambdas), or null when nothing is captured.</summary>
    private string? ClosureText => _closureFields.Count == 0
        ? null
        : string.Concat(_closureFields.Select(static f => $"internal {f.Type} {f.Name};\n"))
            + (_method.IsStatic ? string.Empty : $"internal {_method.ContainingType.ToDisplayString(TypeFormat)} __outer;\n")
            + "\n" + _closureMethods.ToString().TrimEnd('\n') + "\n";

    /// <summary>The closure class as named from the step method.</summary>
    private string ClosureTypeReference =>
        CoroutineSymbols.ClosureName(_method)
        + (_method.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", _method.TypeParameters.Select(static t => t.Name)) + ">");
}
