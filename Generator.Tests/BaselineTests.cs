// Golden files for what the generator writes: one case per feature of the declaration
// (containers, parameters, generics, namespaces, nullability) and one per group of lowering
// constructs (control flow, foreach/switch, handlers, async streams, await positions, calls,
// interceptors, and the builder-path fallback); see Infrastructure/BaselineAssert.cs for how
// baselines are compared and accepted. Every case must compile with zero warnings.
using System.Globalization;
using CoroGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CoroGen.Generator.Tests;

[TestClass]
public sealed class BaselineTests
{
    [TestMethod]
    [DataRow("Basics", "StaticMethodInNamespace")]
    [DataRow("Basics", "Overloads")]
    [DataRow("Containers", "GenericNestedType")]
    [DataRow("Containers", "RecordAndStruct")]
    [DataRow("Parameters", "DefaultParamsNullable")]
    [DataRow("Generics", "GenericMethodConstraints")]
    [DataRow("Namespaces", "FileScopedNamespace")]
    [DataRow("Namespaces", "GlobalNamespace")]
    [DataRow("Nullable", "ObliviousContext")]
    [DataRow("Lowering", "ControlFlow")]
    [DataRow("Lowering", "ForEachAndSwitch")]
    [DataRow("Lowering", "Handlers")]
    [DataRow("Lowering", "AsyncStreams")]
    [DataRow("Lowering", "Expressions")]
    [DataRow("Lowering", "Calls")]
    [DataRow("Lowering", "Interceptors")]
    [DataRow("Lowering", "Lambdas")]
    public void GeneratedDeclarationMatchesBaseline(string feature, string caseName)
    {
        GeneratorRun run = GeneratorHarness.Run(BaselineAssert.ReadInput(feature, caseName));

        Assert.IsNotEmpty(run.Sources, "Nothing was generated.");
        run.AssertCompilesCleanly();
        BaselineAssert.Matches(feature, caseName, run.GeneratedText);
    }

    [TestMethod]
    public void UnsupportedConstructFallsBackWithCoro0009AtItsSpan()
    {
        string input = BaselineAssert.ReadInput("Lowering", "Fallback");
        GeneratorRun run = GeneratorHarness.Run(input);

        Diagnostic diagnostic = run.GeneratorDiagnostics.Single();
        Assert.AreEqual("CORO0009", diagnostic.Id);
        Assert.AreEqual(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.AreEqual("() => copy", input.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        StringAssert.Contains(diagnostic.GetMessage(CultureInfo.InvariantCulture), "'copy', a variable declared inside a loop");
        Assert.IsEmpty(run.CompilationProblems, "the adapter machine compiles cleanly");
        BaselineAssert.Matches("Lowering", "Fallback", run.GeneratedText);
    }

    [TestMethod]
    public void HintNamesAreUniqueAndDeterministic()
    {
        string input = BaselineAssert.ReadInput("Basics", "Overloads");

        string[] first = [.. GeneratorHarness.Run(input).Sources.Select(static s => s.HintName).Order(StringComparer.Ordinal)];
        string[] second = [.. GeneratorHarness.Run(input).Sources.Select(static s => s.HintName).Order(StringComparer.Ordinal)];

        Assert.HasCount(3, first);
        Assert.HasCount(3, first.Distinct(StringComparer.OrdinalIgnoreCase).ToArray());
        CollectionAssert.AreEqual(first, second);
        Assert.IsTrue(first.All(static n => n.StartsWith("Demo.Worker.Run", StringComparison.Ordinal) && n.EndsWith(".g.cs", StringComparison.Ordinal)));
    }
}
