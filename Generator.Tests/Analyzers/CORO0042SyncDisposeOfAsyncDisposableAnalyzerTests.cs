// CORO0042: synchronous using/Dispose() of an IAsyncDisposable in loop context; not for
// IDisposable-only types, MemoryStream, await using, nor outside coroutines.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0042SyncDisposeOfAsyncDisposableAnalyzerTests
{
    private const string Resource = """
        public sealed class Connection : IDisposable, IAsyncDisposable
        {
            public void Dispose() { }
            public ValueTask DisposeAsync() => default;
        }

        public sealed class Hidden : IDisposable, IAsyncDisposable
        {
            public void Dispose() { }
            ValueTask IAsyncDisposable.DisposeAsync() => default;
        }
        """;

    [TestMethod]
    public Task SyncDisposeInCoroutine() => Verify<CORO0042SyncDisposeOfAsyncDisposableAnalyzer>.AnalyzerAsync("""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(string path, Hidden hidden)
            {
                {|CORO0042:using|} (var stream = File.OpenRead(path))
                {
                    await Coro.Sleep(0);
                }

                {|CORO0042:using|} var connection = new Connection();
                {|CORO0042:using|} (new Connection())
                {
                }

                var other = new Connection();
                {|CORO0042:other.Dispose()|};
                {|CORO0042:hidden.Dispose()|};
                await TaskGroup.Run(async group => { {|CORO0042:using|} var c = new Connection(); await Coro.Sleep(0); });
            }
        }

        """ + Resource);

    [TestMethod]
    public Task OtherDisposalsAreNotReported() => Verify<CORO0042SyncDisposeOfAsyncDisposableAnalyzer>.AnalyzerAsync("""
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static void Ordinary(string path)
            {
                using var stream = File.OpenRead(path);
                new Connection().Dispose();
            }

            public static async Task TaskBased()
            {
                using var connection = new Connection();
                await Task.Yield();
            }

            [Coroutine]
            private static async partial Coro Parent(IDisposable disposable, SemaphoreSlim semaphore)
            {
                await using var connection = new Connection();
                await using (var other = new Connection())
                {
                }

                using var memory = new MemoryStream();
                using (disposable)
                {
                }

                semaphore.Dispose();
                await Coro.ToThread(() => { using var c = new Connection(); });
                Action later = () => new Connection().Dispose();
            }
        }

        """ + Resource);

    [TestMethod]
    public Task AwaitUsingFix() => Verify<CORO0042SyncDisposeOfAsyncDisposableAnalyzer>.CodeFixAsync<CORO0042SyncDisposeOfAsyncDisposableCodeFix>("""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(string path, Hidden hidden)
            {
                // open
                {|CORO0042:using|} (var stream = File.OpenRead(path))
                {
                    await Coro.Sleep(0);
                }

                {|CORO0042:using|} var connection = new Connection(); // keep
                var other = new Connection();
                {|CORO0042:other.Dispose()|};
                {|CORO0042:hidden.Dispose()|};
            }
        }

        """ + Resource, """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(string path, Hidden hidden)
            {
                // open
                await using (var stream = File.OpenRead(path))
                {
                    await Coro.Sleep(0);
                }

                await using var connection = new Connection(); // keep
                var other = new Connection();
                await other.DisposeAsync();
                {|CORO0042:hidden.Dispose()|};
            }
        }

        """ + Resource);
}
