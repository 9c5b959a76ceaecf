// CORO0028: a using over a Coro or CoroGen awaitable instead of its awaited result. The
// compiler's own CS1674/CS8410 (not disposable) are expected alongside.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0028UsingOnCoroutineAnalyzerTests
{
    [TestMethod]
    public Task UsingOverAwaitables() => Verify<CORO0028UsingOnCoroutineAnalyzer>.AnalyzerAsync("""
        using System;
        using CoroGen;
        using CoroGen.Sync;

        public sealed class Resource : IDisposable, IAsyncDisposable
        {
            public void Dispose() { }
            public System.Threading.Tasks.ValueTask DisposeAsync() => default;
        }

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(AsyncLock gate)
            {
                using ({|CS1674:{|CORO0028:Open()|}|})
                {
                }

                using ({|CS1674:{|CORO0028:gate.Acquire()|}|})
                {
                }

                {|CS1674:using var resource = {|CORO0028:Open()|};|}
                await using ({|CS8410:{|CORO0028:Open()|}|})
                {
                }
            }

            public static void Ordinary()
            {
                using ({|CS1674:{|CORO0028:Child()|}|})
                {
                }
            }

            [Coroutine]
            private static async partial Coro<Resource> Open() { await Coro.Sleep(0); return new Resource(); }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task UsingOverResultsIsNotReported() => Verify<CORO0028UsingOnCoroutineAnalyzer>.AnalyzerAsync("""
        using System;
        using System.IO;
        using CoroGen;
        using CoroGen.Sync;

        public sealed class Resource : IDisposable
        {
            public void Dispose() { }
        }

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(AsyncLock gate)
            {
                using (await gate.Acquire())
                {
                }

                using var resource = await Open();
                using (var stream = new MemoryStream())
                {
                }
            }

            public static void Ordinary()
            {
                using var loop = new EventLoop();
                using var runner = new Runner();
            }

            [Coroutine]
            private static async partial Coro<Resource> Open() { await Coro.Sleep(0); return new Resource(); }
        }
        """);

    [TestMethod]
    public Task AwaitFix() => Verify<CORO0028UsingOnCoroutineAnalyzer>.CodeFixAsync<CORO0028UsingOnCoroutineCodeFix>("""
        using System;
        using CoroGen;
        using CoroGen.Sync;

        public sealed class Resource : IDisposable
        {
            public void Dispose() { }
        }

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(AsyncLock gate)
            {
                using ({|CS1674:{|CORO0028:gate.Acquire()|}|})
                {
                }

                {|CS1674:using var resource = {|CORO0028:Open()|};|}
                using ({|CS1674:{|CORO0028:Child()|}|})
                {
                }
            }

            [Coroutine]
            private static async partial Coro<Resource> Open() { await Coro.Sleep(0); return new Resource(); }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """, """
        using System;
        using CoroGen;
        using CoroGen.Sync;

        public sealed class Resource : IDisposable
        {
            public void Dispose() { }
        }

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(AsyncLock gate)
            {
                using (await gate.Acquire())
                {
                }

                using var resource = await Open();
                using ({|CS1674:{|CORO0028:Child()|}|})
                {
                }
            }

            [Coroutine]
            private static async partial Coro<Resource> Open() { await Coro.Sleep(0); return new Resource(); }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """, CORO0028UsingOnCoroutineCodeFix.AwaitKey);
}
