// The machine path must never turn code that compiles into generated code that does not.
// These tests mutate the lowering golden inputs (deleting each line in turn, which yields
// half-edited bodies: missing declarations, unbalanced blocks, dangling awaits) and check, for
// every mutant the C# compiler accepts, that the generator's output compiles too; mutants the
// compiler rejects must still not crash the generator.
using CoroGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CoroGen.Generator.Tests;

[TestClass]
public sealed class LoweringFuzzTests
{
    [TestMethod]
    [DataRow("ControlFlow")]
    [DataRow("ForEachAndSwitch")]
    [DataRow("Handlers")]
    [DataRow("AsyncStreams")]
    [DataRow("Expressions")]
    [DataRow("Calls")]
    [DataRow("Lambdas")]
    public void DeletingAnyLineNeverMakesGeneratedCodeFail(string caseName)
    {
        string[] lines = BaselineAssert.ReadInput("Lowering", caseName).Split('\n');
        GeneratorDriver driver = GeneratorHarness.CreateDriver();
        int compiled = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            string mutant = string.Join('\n', lines.Where((_, j) => j != i));
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(mutant);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
            GeneratorRunResult result = driver.GetRunResult().Results.Single();
            Assert.IsNull(result.Exception, $"The generator threw without line {i + 1}: {result.Exception}");

            Diagnostic[] errors = [.. output.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error)];
            bool userErrors = errors.Any(e => e.Location.SourceTree is { } tree && compilation.SyntaxTrees.Contains(tree));
            if (userErrors)
            {
                continue;
            }

            compiled++;
            Diagnostic[] generatedErrors = [.. errors.Where(e => e.Location.SourceTree is { } tree && !compilation.SyntaxTrees.Contains(tree))];
            Assert.IsEmpty(
                generatedErrors,
                $"Without line {i + 1} ('{lines[i].Trim()}') the user's code compiles but the generated code does not:\n"
                + string.Join("\n", generatedErrors.Select(static e => e.ToString())));
        }

        Assert.IsGreaterThan(0, compiled, "no mutant compiled: the test would prove nothing");
    }
}
