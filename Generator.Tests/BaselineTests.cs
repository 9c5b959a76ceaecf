// Golden files for the defining declarations the generator writes. One case per feature of
// the declaration (containers, parameters, generics, namespaces, nullability); see
// Infrastructure/BaselineAssert.cs for how baselines are compared and accepted.
using CoroGen.Generator.Tests.Infrastructure;

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
    public void GeneratedDeclarationMatchesBaseline(string feature, string caseName)
    {
        GeneratorRun run = GeneratorHarness.Run(BaselineAssert.ReadInput(feature, caseName));

        Assert.IsNotEmpty(run.Sources, "Nothing was generated.");
        run.AssertCompilesCleanly();
        BaselineAssert.Matches(feature, caseName, run.GeneratedText);
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
