// The generator's own diagnostics: id, message and exact span, and that nothing is emitted
// for a method with a diagnostic. Spans are marked in the source with [| |].
using System.Collections.Immutable;
using CoroGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace CoroGen.Generator.Tests;

[TestClass]
public sealed class DiagnosticTests
{
    private const string Usings = "using System;\nusing System.Threading.Tasks;\nusing CoroGen;\n";

    [TestMethod]
    public void CORO0001_ContainingTypeNotPartial() => AssertDiagnostics(
        """
        public class [|Plain|]
        {
            [Coroutine]
            private static async partial Coro Run() { await Task.Yield(); }
        }
        """,
        "CORO0001");

    [TestMethod]
    public void CORO0001_EnclosingTypeNotPartial() => AssertDiagnostics(
        """
        namespace N;
        public class [|Outer|]
        {
            public partial class Inner
            {
                [Coroutine]
                private static async partial Coro Run() { await Task.Yield(); }
            }
        }
        """,
        "CORO0001");

    [TestMethod]
    public void CORO0002_NotAsync() => AssertDiagnostics(
        """
        public partial class C
        {
            [Coroutine]
            private partial Coro [|Run|]() => default;
        }
        """,
        "CORO0002");

    [TestMethod]
    public void CORO0002_NotPartial() => AssertDiagnostics(
        """
        public partial class C
        {
            [Coroutine]
            private async Coro [|Run|]() { await Task.Yield(); }
        }
        """,
        "CORO0002");

    [TestMethod]
    public void CORO0002_NoBody() => AssertDiagnostics(
        """
        public partial class C
        {
            [Coroutine]
            private async partial Coro [|Run|]();
        }
        """,
        "CORO0002");

    [TestMethod]
    public void CORO0002_WrongReturnType() => AssertDiagnostics(
        """
        public partial class C
        {
            [Coroutine]
            private async partial [|Task<int>|] Run() { await Task.Yield(); return 1; }
        }
        """,
        "CORO0002");

    [TestMethod]
    public void CORO0004_RefStructParameter() => AssertDiagnostics(
        """
        public partial class C
        {
            [Coroutine]
            private static async partial Coro Run(int count, ReadOnlySpan<byte> [|bytes|]) { await Task.Yield(); }
        }
        """,
        "CORO0004");

    [TestMethod]
    public void CORO0008_MissingAccessibility() => AssertDiagnostics(
        """
        public static partial class Program
        {
            [Coroutine]
            static async partial Coro [|Hello|]() { await Task.Yield(); }
        }
        """,
        "CORO0008");

    [TestMethod]
    public void SeveralProblemsAreAllReported() => AssertDiagnostics(
        """
        public class [|C|]
        {
            [Coroutine]
            static async partial [|int|] [|Run|]() { await Task.Yield(); return 1; }
        }
        """,
        "CORO0001", "CORO0002", "CORO0008");

    [TestMethod]
    [DataRow("ref int value")]
    [DataRow("out int value")]
    [DataRow("in int value")]
    [DataRow("Missing value")]
    public void LeavesCompilerErrorsToTheCompiler(string parameter)
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + $$"""
            public partial class C
            {
                [Coroutine]
                private static async partial Coro Run({{parameter}}) { await Task.Yield(); value = 0; }
            }
            """);

        Assert.IsEmpty(run.GeneratorDiagnostics);
        Assert.IsEmpty(run.Sources);
        Assert.IsTrue(run.CompilationProblems.Any(static d => d.Severity == DiagnosticSeverity.Error), "The compiler should report the error itself.");
    }

    [TestMethod]
    public void DescriptorMessageMatchesDesign()
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + """
            public static partial class Program
            {
                [Coroutine]
                static async partial Coro Hello() { await Task.Yield(); }
            }
            """);

        Diagnostic diagnostic = run.GeneratorDiagnostics.Single();
        Assert.AreEqual(
            "Coroutine 'Hello' needs an explicit accessibility modifier (for example 'private') because partial methods with a non-void return type must have one",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.AreEqual("https://github.com/corogen/corogen/blob/main/docs/diagnostics/CORO0008.md", diagnostic.Descriptor.HelpLinkUri);
    }

    [TestMethod]
    public void PragmaSuppressesGeneratorDiagnostics()
    {
        // Diagnostics are reported at in-source locations, so #pragma applies to them.
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Usings + """
            public static partial class Program
            {
            #pragma warning disable CORO0008
                [Coroutine]
                static async partial Coro Hello() { await Task.Yield(); }
            #pragma warning restore CORO0008
            }
            """);

        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out ImmutableArray<Diagnostic> diagnostics);

        Diagnostic diagnostic = diagnostics.Single();
        Assert.AreEqual("CORO0008", diagnostic.Id);
        Assert.IsTrue(diagnostic.IsSuppressed);
    }

    private static void AssertDiagnostics(string markup, params string[] ids)
    {
        (string source, IReadOnlyList<TextSpan> spans) = Markup.Parse(Usings + markup);
        GeneratorRun run = GeneratorHarness.Run(source);

        Diagnostic[] actual = [.. run.GeneratorDiagnostics.OrderBy(static d => d.Location.SourceSpan.Start).ThenBy(static d => d.Id, StringComparer.Ordinal)];
        string described = string.Join("\n", actual.Select(static d => d.ToString()));
        Assert.HasCount(ids.Length, actual, described);
        for (int i = 0; i < ids.Length; i++)
        {
            Assert.AreEqual(ids[i], actual[i].Id, described);
            Assert.AreEqual(spans[i], actual[i].Location.SourceSpan, described);

            // In-source (not external) locations, so #pragma and IDE navigation work.
            Assert.IsNotNull(actual[i].Location.SourceTree, described);
        }

        Assert.IsEmpty(run.Sources, "Nothing may be emitted for a method with a diagnostic.");
    }
}
