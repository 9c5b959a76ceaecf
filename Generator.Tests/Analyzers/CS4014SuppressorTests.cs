// CORO_SPR0001: CS4014 is hidden where CORO0020/CORO0080 report, and on TaskGroup.Spawn statements.
using CoroGen.Analyzers.Suppressors;
using Microsoft.CodeAnalysis.Testing;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CS4014SuppressorTests
{
    private const string Source = """
        using System.Threading.Tasks;
        using CoroGen;

        internal static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent()
            {
                {|#0:Child()|};
                {|#1:Coro.Spawn(Child())|};
                await TaskGroup.Run(async group =>
                {
                    {|#2:group.Spawn(Child())|};
                    await Coro.Sleep(0);
                });
                {|#3:Task.Delay(1)|};
                {|#4:Future.FromTask(Task.Delay(1))|};
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """;

    [TestMethod]
    public Task SuppressesCoroStatementsOnly()
    {
        var test = new CoroAnalyzerTest<CS4014Suppressor>
        {
            TestCode = Source,
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
        };
        test.ExpectedDiagnostics.AddRange(
        [
            DiagnosticResult.CompilerWarning("CS4014").WithLocation(0).WithIsSuppressed(true),
            DiagnosticResult.CompilerWarning("CS4014").WithLocation(1).WithIsSuppressed(true),
            DiagnosticResult.CompilerWarning("CS4014").WithLocation(2).WithIsSuppressed(true),
            DiagnosticResult.CompilerWarning("CS4014").WithLocation(3),
            DiagnosticResult.CompilerWarning("CS4014").WithLocation(4),
        ]);
        return test.RunAsync();
    }

    [TestMethod]
    public Task KeepsCS4014WhenTheCoroGenRuleIsOff()
    {
        var test = new CoroAnalyzerTest<CS4014Suppressor>
        {
            TestCode = Source,
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true

            [*.cs]
            dotnet_diagnostic.CORO0020.severity = none
            dotnet_diagnostic.CORO0080.severity = none
            """));
        test.ExpectedDiagnostics.AddRange(
        [
            DiagnosticResult.CompilerWarning("CS4014").WithLocation(0),
            DiagnosticResult.CompilerWarning("CS4014").WithLocation(1),
            DiagnosticResult.CompilerWarning("CS4014").WithLocation(2).WithIsSuppressed(true),
            DiagnosticResult.CompilerWarning("CS4014").WithLocation(3),
            DiagnosticResult.CompilerWarning("CS4014").WithLocation(4),
        ]);
        return test.RunAsync();
    }
}
