// CORO0100: a non-async Coro method returning a coroutine call from inside using / try-finally.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0100CoroutineReturnedFromDisposingScopeAnalyzerTests
{
    [TestMethod]
    public Task ReturnsInsideDisposingScopes() => Verify<CORO0100CoroutineReturnedFromDisposingScopeAnalyzer>.AnalyzerAsync("""
        using System;
        using System.IO;
        using CoroGen;

        public static partial class Program
        {
            public static Coro UsingStatement()
            {
                using (var stream = new MemoryStream())
                {
                    return {|CORO0100:Read(stream)|};
                }
            }

            public static Coro<int> UsingDeclaration()
            {
                using var stream = new MemoryStream();
                return {|CORO0100:Length(stream)|};
            }

            public static Coro TryFinally()
            {
                try
                {
                    return {|CORO0100:Read(Stream.Null)|};
                }
                finally
                {
                    Console.WriteLine("done");
                }
            }

            [Coroutine]
            private static async partial Coro Read(Stream stream) { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Length(Stream stream) { await Coro.Sleep(0); return 1; }
        }
        """);

    [TestMethod]
    public Task CoroutinesAndOtherScopesAreNotReported() => Verify<CORO0100CoroutineReturnedFromDisposingScopeAnalyzer>.AnalyzerAsync("""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static Coro NoScope(Stream stream) => Read(stream);

            public static Coro CatchOnly()
            {
                try { return Read(Stream.Null); }
                catch (IOException) { throw; }
            }

            public static Coro AfterUsing()
            {
                using (var stream = new MemoryStream()) { }
                return Read(Stream.Null);
            }

            public static Task TaskBased()
            {
                using var stream = new MemoryStream();
                return Task.CompletedTask;
            }

            public static Func<Coro> Factory()
            {
                using var stream = new MemoryStream();
                return () => Read(Stream.Null);
            }

            [Coroutine]
            private static async partial Coro Awaited()
            {
                using var stream = new MemoryStream();
                await Read(stream);
            }

            [Coroutine]
            private static async partial Coro Read(Stream stream) { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task AwaitInScopeFix() => Verify<CORO0100CoroutineReturnedFromDisposingScopeAnalyzer>.CodeFixAsync<CORO0100CoroutineReturnedFromDisposingScopeCodeFix>("""
        using System.IO;
        using CoroGen;

        public static partial class Program
        {
            public static Coro UsingStatement(bool flag)
            {
                using (var stream = new MemoryStream())
                {
                    if (flag)
                    {
                        return {|CORO0100:Read(stream)|};
                    }

                    return {|CORO0100:Read(Stream.Null)|};
                }
            }

            public static Coro<int> UsingDeclaration()
            {
                using var stream = new MemoryStream();
                return {|CORO0100:Length(stream)|};
            }

            public static Coro Last()
            {
                using var stream = new MemoryStream();
                return {|CORO0100:Read(stream)|};
            }

            [Coroutine]
            private static async partial Coro Read(Stream stream) { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Length(Stream stream) { await Coro.Sleep(0); return 1; }
        }
        """, """
        using System.IO;
        using CoroGen;

        public static partial class Program
        {
            public static async Coro UsingStatement(bool flag)
            {
                using (var stream = new MemoryStream())
                {
                    if (flag)
                    {
                        await Read(stream);
                        return;
                    }

                    await Read(Stream.Null);
                    return;
                }
            }

            public static async Coro<int> UsingDeclaration()
            {
                using var stream = new MemoryStream();
                return await Length(stream);
            }

            public static async Coro Last()
            {
                using var stream = new MemoryStream();
                await Read(stream);
            }

            [Coroutine]
            private static async partial Coro Read(Stream stream) { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Length(Stream stream) { await Coro.Sleep(0); return 1; }
        }
        """, CORO0100CoroutineReturnedFromDisposingScopeCodeFix.Key);
}
