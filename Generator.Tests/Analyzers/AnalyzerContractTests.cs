// Contracts of the analyzer assembly: every rule is its own CORO<id>...Analyzer type, links to
// its doc page, is release-tracked, and docs/diagnostics/README.md indexes exactly the ids the
// generator and the analyzers ship (suppression ids included).
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using AnalyzerIds = CoroGen.Analyzers.DiagnosticIds;
using CoroGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed partial class AnalyzerContractTests
{
    private static readonly string s_repository = Path.GetDirectoryName(Path.GetDirectoryName(BaselineAssert.BaselinesDirectory))!;

    private static IEnumerable<DiagnosticAnalyzer> AllAnalyzers() =>
        typeof(AnalyzerIds).Assembly.GetTypes()
            .Where(static t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(static t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!);

    private static ImmutableArray<DiagnosticDescriptor> AnalyzerDescriptors() =>
        [.. AllAnalyzers().SelectMany(static a => a.SupportedDiagnostics)];

    private static ImmutableArray<string> SuppressionIds() =>
        [.. AllAnalyzers().OfType<DiagnosticSuppressor>().SelectMany(static s => s.SupportedSuppressions).Select(static s => s.Id)];

    [TestMethod]
    public void HelpLinkBaseIsTheGenerators() =>
        Assert.AreEqual(CoroGen.Generator.DiagnosticIds.HelpLink("CORO0020"), AnalyzerIds.HelpLink("CORO0020"));

    [TestMethod]
    public void EveryRuleHasHelpPageReleaseEntryAndOwnAnalyzer()
    {
        string unshipped = File.ReadAllText(Path.Combine(s_repository, "Analyzers", "AnalyzerReleases.Unshipped.md"));
        DiagnosticAnalyzer[] rules = [.. AllAnalyzers().Where(static a => a is not DiagnosticSuppressor)];
        Assert.IsNotEmpty(rules);
        foreach (DiagnosticAnalyzer analyzer in rules)
        {
            DiagnosticDescriptor descriptor = analyzer.SupportedDiagnostics.Single();
            StringAssert.StartsWith(analyzer.GetType().Name, descriptor.Id, "One rule per analyzer, named CORO<id><Rule>Analyzer");
            Assert.AreEqual(AnalyzerIds.HelpLink(descriptor.Id), descriptor.HelpLinkUri);
            Assert.IsTrue(File.Exists(Path.Combine(s_repository, "docs", "diagnostics", descriptor.Id + ".md")), $"Missing docs/diagnostics/{descriptor.Id}.md");
            // Release tracking writes an off-by-default rule's severity as "Disabled" (RS2001 otherwise).
            string severity = descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity.ToString() : "Disabled";
            Assert.Contains($"{descriptor.Id} | {descriptor.Category} | {severity} | {analyzer.GetType().Name},", unshipped);
        }

        foreach (string id in SuppressionIds())
        {
            Assert.IsTrue(File.Exists(Path.Combine(s_repository, "docs", "diagnostics", id + ".md")), $"Missing docs/diagnostics/{id}.md");
        }
    }

    [TestMethod]
    public void IndexListsExactlyTheShippedIds()
    {
        string index = File.ReadAllText(Path.Combine(s_repository, "docs", "diagnostics", "README.md"));
        string[] listed = [.. IndexRow().Matches(index).Select(static m => m.Groups[1].Value).Order(StringComparer.Ordinal)];
        string[] shipped = [.. CoroGen.Generator.DiagnosticDescriptors.ById.Keys
            .Concat(AnalyzerDescriptors().Select(static d => d.Id))
            .Concat(SuppressionIds())
            .Distinct()
            .Order(StringComparer.Ordinal)];
        CollectionAssert.AreEqual(shipped, listed, $"listed: {string.Join(", ", listed)}; shipped: {string.Join(", ", shipped)}");

        foreach (string id in shipped)
        {
            Assert.Contains($"[{id}]({id}.md)", index);
        }
    }

    // A row of the index table starts with the linked id: | [CORO0020](CORO0020.md) | ...
    [GeneratedRegex(@"^\|\s*\[(CORO[A-Z_]*\d{4})\]", RegexOptions.Multiline)]
    private static partial Regex IndexRow();
}
