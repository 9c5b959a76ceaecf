// CORO0003: async methods returning Coro without [Coroutine]; the fix adds the attribute,
// `partial`, `private` and partial containing types in one go.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0003MissingCoroutineAttributeAnalyzerTests
{
    [TestMethod]
    public Task AsyncCoroMethodsWithoutAttribute() => Verify<CORO0003MissingCoroutineAttributeAnalyzer>.AnalyzerAsync("""
        using CoroGen;

        public class Service
        {
            public async Coro {|CORO0003:Save|}() { await Coro.Sleep(0); }

            internal static async Coro<int> {|CORO0003:Load|}() { await Coro.Sleep(0); return 1; }

            public virtual async Coro {|CORO0003:Hook|}() { await Coro.Sleep(0); }
        }

        public interface IWorker
        {
            async Coro {|CORO0003:Work|}() { await Coro.Sleep(0); }
        }

        public readonly record struct Point(int X)
        {
            public async Coro<int> {|CORO0003:Read|}() { await Coro.Sleep(0); return X; }
        }
        """);

    [TestMethod]
    public Task CoroutinesLambdasLocalFunctionsAndOtherCodeAreNotReported() => Verify<CORO0003MissingCoroutineAttributeAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Main()
            {
                await TaskGroup.Run(async group => { await Coro.Sleep(0); });
                Func<Coro> factory = async () => await Coro.Sleep(0);
                await Local();
                await factory();

                async Coro Local() => await Coro.Sleep(0);
            }

            // Not async: builds a coroutine from another one.
            public static Coro Wrapper() => Main();

            public static async Task TaskBased() => await Task.Yield();

            public static async ValueTask<int> ValueTaskBased() { await Task.Yield(); return 1; }
        }

        // Both parts written by hand: the generator leaves such a method alone.
        public partial class TwoParts
        {
            public partial Coro Run();

            public async partial Coro Run() { await Coro.Sleep(0); }
        }

        file sealed class FileLocal
        {
            // The generator cannot add a part to a file-local type.
            public async Coro Run() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task FixAddsAttributePartialAccessibilityAndPartialTypes() => Verify<CORO0003MissingCoroutineAttributeAnalyzer>.CodeFixAsync<CORO0003MissingCoroutineAttributeCodeFix>("""
        using CoroGen;

        public class Outer
        {
            public sealed class Service
            {
                /// <summary>Saves.</summary>
                public async Coro {|CORO0003:Save|}() { await Coro.Sleep(0); }

                [System.Obsolete]
                static async Coro<int> {|CORO0003:Load|}() { await Coro.Sleep(0); return 1; }

                async Coro {|CORO0003:Plain|}() => await Coro.Sleep(0);
            }
        }
        """, """
        using CoroGen;

        public partial class Outer
        {
            public sealed partial class Service
            {
                /// <summary>Saves.</summary>
                [Coroutine]
                public async partial Coro Save() { await Coro.Sleep(0); }

                [Coroutine]
                [System.Obsolete]
                private static async partial Coro<int> Load() { await Coro.Sleep(0); return 1; }

                [Coroutine]
                private async partial Coro Plain() => await Coro.Sleep(0);
            }
        }
        """, CORO0003MissingCoroutineAttributeCodeFix.Key);
}
