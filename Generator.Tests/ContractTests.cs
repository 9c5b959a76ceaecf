// Cross-project contracts: the names the generator recognises are the Runtime's real type
// names, and every diagnostic id has its help page and a release-tracking entry.
using System.Reflection;
using CoroGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CoroGen.Generator.Tests;

[TestClass]
public sealed class ContractTests
{
    [TestMethod]
    public void KnownTypeNamesMatchRuntime()
    {
        Assert.AreEqual(KnownTypeNames.CoroutineAttribute, typeof(CoroGen.CoroutineAttribute).FullName);
        Assert.AreEqual(KnownTypeNames.Coro, typeof(CoroGen.Coro).FullName);
        Assert.AreEqual(KnownTypeNames.CoroOfT, typeof(CoroGen.Coro<>).FullName);
        Assert.AreEqual(KnownTypeNames.RuntimeNamespace, typeof(CoroGen.Coro).Namespace);
    }

    [TestMethod]
    public void EveryDiagnosticHasHelpPageAndReleaseEntry()
    {
        string repository = Path.GetDirectoryName(Path.GetDirectoryName(BaselineAssert.BaselinesDirectory))!;
        string unshipped = File.ReadAllText(Path.Combine(repository, "Generator", "AnalyzerReleases.Unshipped.md"));
        IEnumerable<DiagnosticDescriptor> descriptors = typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(static f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(static f => (DiagnosticDescriptor)f.GetValue(null)!);

        Assert.HasCount(DiagnosticDescriptors.ById.Count, descriptors.ToArray());
        foreach (DiagnosticDescriptor descriptor in descriptors)
        {
            Assert.AreEqual($"https://github.com/corogen/corogen/blob/main/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            Assert.IsTrue(File.Exists(Path.Combine(repository, "docs", "diagnostics", descriptor.Id + ".md")), $"Missing docs/diagnostics/{descriptor.Id}.md");
            Assert.Contains($"{descriptor.Id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", unshipped);
        }
    }
}
