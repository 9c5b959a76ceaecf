// CORO0120 (opt-in): coro_naming = require_async_suffix / forbid_async_suffix; nothing without
// the option (the test framework enables the off-by-default rule itself); entry points, overrides and interface implementations skipped.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0120CoroutineNamingAnalyzerTests
{
    private const string Source = """
        using System.Threading.Tasks;
        using CoroGen;

        public interface IWorker { Coro Work(); }

        public abstract partial class Base { public abstract Coro Tick(); }

        public sealed partial class Worker : Base, IWorker
        {
            [Coroutine]
            public async partial Coro Work() { await Coro.Sleep(0); }

            [Coroutine]
            public override async partial Coro Tick() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro {|#0:Fetch|}() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> {|#1:CountAsync|}() { await Fetch(); return 1; }

            [Coroutine]
            private static async partial Coro Main() { await Coro.Sleep(0); }

            private static Task PlainAsync() => Task.CompletedTask;

            private static Coro NotAsync() => Fetch();
        }
        """;

    private static Task RunAsync(string? policy, params DiagnosticResult[] expected)
    {
        var test = new CoroAnalyzerTest<CORO0120CoroutineNamingAnalyzer> { TestCode = Source };
        string config = "root = true\n[*]\n" + (policy is null ? "" : $"coro_naming = {policy}\n");
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", config));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [TestMethod]
    public Task RequireAsyncSuffix() => RunAsync(
        "require_async_suffix",
        new DiagnosticResult(CORO0120CoroutineNamingAnalyzer.Rule).WithLocation(0).WithArguments("Fetch", "does not end in 'Async'", "require_async_suffix", "FetchAsync"));

    [TestMethod]
    public Task ForbidAsyncSuffix() => RunAsync(
        "forbid_async_suffix",
        new DiagnosticResult(CORO0120CoroutineNamingAnalyzer.Rule).WithLocation(1).WithArguments("CountAsync", "ends in 'Async'", "forbid_async_suffix", "Count"));

    [TestMethod]
    public Task NoPolicyReportsNothing() => RunAsync(null);

    [TestMethod]
    public Task RenameFix()
    {
        var test = new CoroCodeFixTest<CORO0120CoroutineNamingAnalyzer, CORO0120CoroutineNamingCodeFix>
        {
            TestCode = """
                using CoroGen;

                public static partial class Program
                {
                    [Coroutine]
                    private static async partial Coro {|#0:Fetch|}() { await Coro.Sleep(0); }

                    [Coroutine]
                    private static async partial Coro ParentAsync() { await Fetch(); }
                }
                """,
            FixedCode = """
                using CoroGen;

                public static partial class Program
                {
                    [Coroutine]
                    private static async partial Coro FetchAsync() { await Coro.Sleep(0); }

                    [Coroutine]
                    private static async partial Coro ParentAsync() { await FetchAsync(); }
                }
                """,
            CodeActionEquivalenceKey = CORO0120CoroutineNamingCodeFix.Key,
        };
        test.TestState.ExpectedDiagnostics.Add(new DiagnosticResult(CORO0120CoroutineNamingAnalyzer.Rule).WithLocation(0).WithArguments("Fetch", "does not end in 'Async'", "require_async_suffix", "FetchAsync"));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\ncoro_naming = require_async_suffix\n"));
        test.FixedState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\ncoro_naming = require_async_suffix\n"));
        return test.RunAsync();
    }
}
