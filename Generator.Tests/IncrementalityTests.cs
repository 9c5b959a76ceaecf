// Edits in the IDE re-run the generator on every keystroke; these tests pin down which edits
// may cause work. A body edit must leave the method's model Unchanged (the transform re-ran
// and produced an equal model) and the output identical; a signature edit must be Modified.
using CoroGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CoroGen.Generator.Tests;

[TestClass]
public sealed class IncrementalityTests
{
    private const string Source = """
        using System.Threading.Tasks;
        using CoroGen;

        namespace Demo;

        public partial class Service
        {
            [Coroutine]
            public async partial Coro<int> First(int value)
            {
                await Task.Yield();
                return value;
            }

            [Coroutine]
            private static async partial Coro Second()
            {
                await Task.Yield();
            }
        }
        """;

    [TestMethod]
    public void BodyEditRegeneratesOnlyThatMethod()
    {
        (GeneratorRun before, GeneratorRun after) = RunEdit(
            "return value;",
            "int doubled = value * 2; return doubled / 2;");

        // The machine is the lowered body, so the edited method's model changes; the other
        // method's model and output stay cached.
        var parsed = GeneratorHarness.StepOutputs(after.RunResult, TrackingNames.ParseResults);
        Assert.AreEqual(1, parsed.Count(static o => o.Reason == IncrementalStepRunReason.Modified), "exactly the edited method's model changes");
        Assert.AreEqual(1, parsed.Count(static o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged), "the other method's model is reused");
        var emitted = GeneratorHarness.StepOutputs(after.RunResult, TrackingNames.Emissions);
        Assert.AreEqual(1, emitted.Count(static o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged), "the other method is not emitted again");
        StringAssert.Contains(after.GeneratedText, "__m.l_doubled = __m.p_value * 2;");
        Assert.AreNotEqual(before.GeneratedText, after.GeneratedText);
    }

    /// <remarks>
    /// Line-neutral on purpose: machines carry #line directives, so an edit that moves a
    /// coroutine to other lines regenerates that coroutine (its text only; see the next test).
    /// </remarks>
    [TestMethod]
    public void EditOutsideCoroutinesLeavesModelsUnchanged()
    {
        (GeneratorRun before, GeneratorRun after) = RunEdit(
            "public partial class Service\n{",
            "public partial class Service\n{ private int _unrelated = 1; public int Unrelated() => _unrelated;");

        AssertReasons(after, TrackingNames.ParseResults, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.AreEqual(before.GeneratedText, after.GeneratedText);
    }

    [TestMethod]
    public void AnEditThatMovesACoroutineRegeneratesItWithItsNewLines()
    {
        (GeneratorRun before, GeneratorRun after) = RunEdit(
            "public partial class Service\n{",
            "public partial class Service\n{\n\n");

        Assert.AreNotEqual(before.GeneratedText, after.GeneratedText);
        StringAssert.Contains(before.GeneratedText, "#line 11 \"/src/Input0.cs\"");
        StringAssert.Contains(after.GeneratedText, "#line 13 \"/src/Input0.cs\"");
    }

    [TestMethod]
    public void EditInAnotherFileLeavesStepsCached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source, "namespace Demo; public class Other { }");
        GeneratorRun before = GeneratorHarness.RunOnce(GeneratorHarness.CreateDriver(), compilation);

        SyntaxTree other = compilation.SyntaxTrees[1];
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(other, GeneratorHarness.ParseFile("namespace Demo; public class Other { int _x; }", 1));
        GeneratorRun after = GeneratorHarness.RunOnce(before.Driver, edited);

        // The transform uses the semantic model, so it re-runs on any compilation change; its
        // equal result makes the rest of the pipeline Cached.
        AssertReasons(after, TrackingNames.ParseResults, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertReasons(after, TrackingNames.Coroutines, IncrementalStepRunReason.Cached);
    }

    [TestMethod]
    public void SignatureEditIsModified()
    {
        (GeneratorRun before, GeneratorRun after) = RunEdit("First(int value)", "First(short value)");

        Assert.IsTrue(
            GeneratorHarness.StepOutputs(after.RunResult, TrackingNames.ParseResults).Any(static o => o.Reason == IncrementalStepRunReason.Modified),
            "Changing a parameter type must produce a Modified model.");
        Assert.AreNotEqual(before.GeneratedText, after.GeneratedText);
        StringAssert.Contains(after.GeneratedText, "First(short value)");
    }

    private static (GeneratorRun Before, GeneratorRun After) RunEdit(string find, string replace)
    {
        Assert.Contains(find, Source);
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorRun before = GeneratorHarness.RunOnce(GeneratorHarness.CreateDriver(), compilation);

        SyntaxTree tree = compilation.SyntaxTrees[0];
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree, GeneratorHarness.ParseFile(Source.Replace(find, replace, StringComparison.Ordinal)));
        GeneratorRun after = GeneratorHarness.RunOnce(before.Driver, edited);
        after.AssertCompilesCleanly();
        return (before, after);
    }

    private static void AssertReasons(GeneratorRun run, string step, params IncrementalStepRunReason[] allowed)
    {
        var outputs = GeneratorHarness.StepOutputs(run.RunResult, step);
        Assert.IsNotEmpty(outputs, $"Step '{step}' did not run.");
        foreach ((object value, IncrementalStepRunReason reason) in outputs)
        {
            Assert.Contains(reason, allowed, $"Step '{step}' output {value} was {reason}.");
        }
    }
}
