// CORO0122: a machine embeds the machines of the coroutines it awaits inline, so a chain of
// awaits makes the outermost machine as big as the chain. The generator estimates each
// machine's size once the call graph is known and reports those above coro_max_frame_bytes.
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using CoroGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CoroGen.Generator.Tests;

[TestClass]
public sealed partial class FrameSizeTests
{
    private const string Chain = """
        using CoroGen;

        namespace Demo;

        public static partial class Chain
        {
            [Coroutine]
            public static async partial Coro<long> Outer(int n)
            {
                long total = await Middle(n);
                total += await Middle(n + 1);
                return total;
            }

            [Coroutine]
            public static async partial Coro<long> Middle(int n)
            {
                decimal weight = n;
                await Coro.Sleep(0);
                return await Leaf(n) + (long)weight;
            }

            [Coroutine]
            public static async partial Coro<long> Leaf(int n)
            {
                await Coro.Sleep(0);
                return n;
            }

            [Coroutine]
            public static async partial Coro<int> Recursive(int depth)
            {
                await Coro.Sleep(0);
                return depth == 0 ? 0 : 1 + await Recursive(depth - 1);
            }
        }
        """;

    [TestMethod]
    public void EveryMachineAboveTheLimitIsReportedWithItsSize()
    {
        ImmutableArray<Diagnostic> diagnostics = Run(Chain, limit: "1");

        Dictionary<string, int> sizes = diagnostics.ToDictionary(static d => Method(d), static d => Bytes(d));
        CollectionAssert.AreEquivalent(new[] { "Outer", "Middle", "Leaf", "Recursive" }, sizes.Keys.ToArray());

        // Middle embeds Leaf; Outer embeds Middle once (both awaits share the field).
        Assert.IsGreaterThan(sizes["Leaf"], sizes["Middle"]);
        Assert.IsGreaterThan(sizes["Middle"], sizes["Outer"]);
        Assert.IsLessThan(2 * sizes["Middle"], sizes["Outer"], "both awaits of Middle share one embedded machine");

        // Leaf: state (4) + long result (8) + the int parameter (4) + Sleep's awaiter.
        Assert.IsGreaterThanOrEqualTo(16, sizes["Leaf"]);

        Diagnostic outer = diagnostics.Single(static d => Method(d) == "Outer");
        StringAssert.Contains(outer.GetMessage(CultureInfo.InvariantCulture), "the inlined machine of 'Middle'");
        Assert.AreEqual("Outer", outer.Location.SourceTree!.GetText().ToString(outer.Location.SourceSpan), "reported at the method's name");
        Assert.AreEqual(DiagnosticSeverity.Info, outer.Severity);
    }

    [TestMethod]
    public void ARecursiveAwaitCountsAsABoxedReference()
    {
        ImmutableArray<Diagnostic> diagnostics = Run(Chain, limit: "1");

        // Recursive awaits itself through a pooled box (a struct cannot contain itself): its
        // size is finite and smaller than Middle's, which embeds a whole machine.
        Assert.IsLessThan(Bytes(diagnostics.Single(static d => Method(d) == "Middle")), Bytes(diagnostics.Single(static d => Method(d) == "Recursive")));
    }

    [TestMethod]
    [DataRow(null, DisplayName = "default limit (4096)")]
    [DataRow("0", DisplayName = "0 turns the check off")]
    [DataRow("100000", DisplayName = "a large limit")]
    public void SmallMachinesAreNotReported(string? limit) => Assert.IsEmpty(Run(Chain, limit));

    [TestMethod]
    public void TheReportFollowsTheMethodWhenItMoves()
    {
        ImmutableArray<Diagnostic> diagnostics = Run("// a comment that moves every line\n\n" + Chain, limit: "1");

        Diagnostic leaf = diagnostics.Single(static d => Method(d) == "Leaf");
        Assert.AreEqual("Leaf", leaf.Location.SourceTree!.GetText().ToString(leaf.Location.SourceSpan));
    }

    [TestMethod]
    public void LargeStructLocalsCountTheirWholeSize()
    {
        ImmutableArray<Diagnostic> diagnostics = Run("""
            using System;
            using System.Runtime.CompilerServices;
            using CoroGen;

            namespace Demo;

            [InlineArray(1000)]
            public struct Thousand { private long _element; }

            public unsafe struct Fixed { public fixed byte Data[5000]; }

            public static partial class Frames
            {
                [Coroutine]
                public static async partial Coro<int> Inline()
                {
                    var buffer = new Thousand();
                    await Coro.Sleep(0);
                    return buffer[0] > 0 ? 1 : 0;
                }

                [Coroutine]
                public static async partial Coro<int> FixedBuffer()
                {
                    var buffer = new Fixed();
                    await Coro.Sleep(0);
                    return buffer.GetHashCode();
                }

                [Coroutine]
                public static async partial Coro<int> WellKnown()
                {
                    Guid id = Guid.NewGuid();
                    decimal amount = 1m;
                    TimeSpan span = TimeSpan.Zero;
                    await Coro.Sleep(0);
                    return id.GetHashCode() + (int)amount + span.Milliseconds;
                }
            }
            """, limit: "1", unsafeCode: true);

        Dictionary<string, int> sizes = diagnostics.ToDictionary(static d => Method(d), static d => Bytes(d));
        Assert.IsGreaterThanOrEqualTo(8000, sizes["Inline"], "an inline array of 1,000 longs");
        Assert.IsGreaterThanOrEqualTo(5000, sizes["FixedBuffer"], "a fixed buffer of 5,000 bytes");

        // state 4 + int result 4 + Guid 16 + decimal 16 + TimeSpan 8 + Sleep's awaiter.
        Assert.IsGreaterThanOrEqualTo(48, sizes["WellKnown"]);
        Assert.IsLessThan(100, sizes["WellKnown"]);
    }

    [TestMethod]
    public void OverloadsOnOneLineAreToldApart()
    {
        ImmutableArray<Diagnostic> diagnostics = Run("""
            using CoroGen;

            namespace Demo;

            public struct Big { public long A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P; }

            public static partial class Overloads
            {
                [Coroutine] public static async partial Coro<int> M(int small) { await Coro.Sleep(0); return small; } [Coroutine] public static async partial Coro<int> M(Big big) { await Coro.Sleep(0); return (int)big.A; }
            }
            """, limit: "100");

        Diagnostic reported = diagnostics.Single();
        int column = reported.Location.GetLineSpan().StartLinePosition.Character;
        string line = reported.Location.SourceTree!.GetText().Lines[reported.Location.GetLineSpan().StartLinePosition.Line].ToString();
        StringAssert.StartsWith(line[column..], "M(Big big)", "reported at the overload whose machine is too big");
    }

    private static ImmutableArray<Diagnostic> Run(string source, string? limit, bool unsafeCode = false)
    {
        var options = new OptionsProvider(limit is null ? ImmutableDictionary<string, string>.Empty : ImmutableDictionary<string, string>.Empty.Add("coro_max_frame_bytes", limit));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new CoroutineGenerator().AsSourceGenerator()],
            parseOptions: GeneratorHarness.ParseOptions,
            optionsProvider: options);
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        compilation = compilation.WithOptions(compilation.Options.WithAllowUnsafe(unsafeCode));
        GeneratorRun run = GeneratorHarness.RunOnce(driver, compilation);
        Diagnostic[] errors = run.OutputCompilation.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.IsEmpty(errors, string.Join("; ", errors.Select(static d => d.ToString())));
        return run.GeneratorDiagnostics.Where(static d => d.Id == "CORO0122").ToImmutableArray();
    }

    private static string Method(Diagnostic diagnostic) => MessagePattern().Match(diagnostic.GetMessage(CultureInfo.InvariantCulture)).Groups["method"].Value;

    private static int Bytes(Diagnostic diagnostic) => int.Parse(MessagePattern().Match(diagnostic.GetMessage(CultureInfo.InvariantCulture)).Groups["bytes"].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex("coroutine '(?<method>\\w+)' is about (?<bytes>\\d+) bytes")]
    private static partial Regex MessagePattern();

    private sealed class OptionsProvider(ImmutableDictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options = new(values);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(ImmutableDictionary<string, string>.Empty);

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
