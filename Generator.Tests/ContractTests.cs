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
        Assert.AreEqual(KnownTypeNames.RuntimeNamespace, typeof(CoroGen.Coro).Namespace);
        Assert.AreEqual(KnownTypeNames.RuntimeNamespace + "." + KnownTypeNames.SyncNamespaceSegment, typeof(CoroGen.Sync.AsyncLock).Namespace);
        Assert.AreEqual(KnownTypeNames.RuntimeNamespace + "." + KnownTypeNames.QueuesNamespaceSegment, typeof(CoroGen.Queues.AsyncQueue<>).Namespace);
        Assert.AreEqual(KnownTypeNames.CoroutineAttribute, typeof(CoroGen.CoroutineAttribute).FullName);
        Assert.AreEqual(KnownTypeNames.Coro, typeof(CoroGen.Coro).FullName);
        Assert.AreEqual(KnownTypeNames.CoroOfT, typeof(CoroGen.Coro<>).FullName);
        Assert.AreEqual(KnownTypeNames.CoroTask, typeof(CoroGen.CoroTask).FullName);
        Assert.AreEqual(KnownTypeNames.CoroTaskOfT, typeof(CoroGen.CoroTask<>).FullName);
        Assert.AreEqual(KnownTypeNames.FutureOfT, typeof(CoroGen.Future<>).FullName);
        Assert.AreEqual(KnownTypeNames.TaskGroup, typeof(CoroGen.TaskGroup).FullName);
        Assert.AreEqual(KnownTypeNames.CancelledError, typeof(CoroGen.CancelledError).FullName);
        Assert.AreEqual(KnownTypeNames.EventLoop, typeof(CoroGen.EventLoop).FullName);
        Assert.AreEqual(KnownTypeNames.Runner, typeof(CoroGen.Runner).FullName);
        Assert.AreEqual(KnownTypeNames.CoroAwaiter, typeof(CoroGen.CompilerServices.ICoroAwaiter).FullName);

        // A new constant without an assertion above would let drift through unnoticed.
        string[] names = [.. typeof(KnownTypeNames)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(static f => f.IsLiteral)
            .Select(static f => f.Name)
            .Order(StringComparer.Ordinal)];
        string[] covered = [.. new[]
        {
            nameof(KnownTypeNames.RuntimeNamespace), nameof(KnownTypeNames.SyncNamespaceSegment), nameof(KnownTypeNames.QueuesNamespaceSegment),
            nameof(KnownTypeNames.CoroutineAttribute), nameof(KnownTypeNames.Coro), nameof(KnownTypeNames.CoroOfT),
            nameof(KnownTypeNames.CoroTask), nameof(KnownTypeNames.CoroTaskOfT), nameof(KnownTypeNames.FutureOfT),
            nameof(KnownTypeNames.TaskGroup), nameof(KnownTypeNames.CancelledError), nameof(KnownTypeNames.EventLoop),
            nameof(KnownTypeNames.Runner), nameof(KnownTypeNames.CoroAwaiter),
        }.Order(StringComparer.Ordinal)];
        CollectionAssert.AreEqual(covered, names);
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
