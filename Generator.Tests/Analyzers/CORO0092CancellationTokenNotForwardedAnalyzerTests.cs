// CORO0092: a coroutine's only CancellationToken parameter not forwarded to a call that takes one
// (optional parameter or overload); never outside coroutines, with two tokens, or when passed.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0092CancellationTokenNotForwardedAnalyzerTests
{
    private const string Helpers = """

            private static void Work(int x) { }

            private static void Work(int x, CancellationToken token) { }

            private static void Optional(int x, CancellationToken token = default, int y = 0) { }

            private static void NoToken(int x) { }
        }
        """;

    [TestMethod]
    public Task TokenNotForwarded() => Verify<CORO0092CancellationTokenNotForwardedAnalyzer>.AnalyzerAsync("""
        using System.Threading;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(int n, CancellationToken ct)
            {
                {|CORO0092:Work(n)|};
                {|CORO0092:Optional(n)|};
                {|CORO0092:Optional(n, y: 2)|};
                await TaskGroup.Run(async g => { {|CORO0092:Work(1)|}; await Coro.Sleep(0); });
                await Coro.Sleep(0);
            }
        """ + Helpers);

    [TestMethod]
    public Task ForwardedOrAmbiguousIsNotReported() => Verify<CORO0092CancellationTokenNotForwardedAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static void Plain(CancellationToken ct) { Work(1); Optional(1); }

            public static async Task TaskBased(CancellationToken ct) { Work(1); await Task.Yield(); }

            [Coroutine]
            private static async partial Coro Passed(CancellationToken ct)
            {
                Work(1, ct);
                Optional(1, ct);
                Optional(1, CancellationToken.None);
                NoToken(1);
                Action later = () => Work(2);
                await Coro.Sleep(0);
            }

            [Coroutine]
            private static async partial Coro Two(CancellationToken a, CancellationToken b)
            {
                Work(1);
                await Coro.Sleep(0);
            }

            [Coroutine]
            private static async partial Coro None()
            {
                Work(1);
                await Coro.Sleep(0);
            }
        """ + Helpers);

    [TestMethod]
    public Task ForwardFix() => Verify<CORO0092CancellationTokenNotForwardedAnalyzer>.CodeFixAsync<CORO0092CancellationTokenNotForwardedCodeFix>("""
        using System.Threading;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(int n, CancellationToken ct)
            {
                {|CORO0092:Work(n)|};
                {|CORO0092:Optional(n)|};
                {|CORO0092:Optional(n, y: 2)|};
                await Coro.Sleep(0);
            }
        """ + Helpers, """
        using System.Threading;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(int n, CancellationToken ct)
            {
                Work(n, ct);
                Optional(n, token: ct);
                Optional(n, y: 2, token: ct);
                await Coro.Sleep(0);
            }
        """ + Helpers, CORO0092CancellationTokenNotForwardedCodeFix.Key);
}
