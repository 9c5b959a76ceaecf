// CORO0029: an await whose Coro/CoroTask result is dropped (the inner coroutine never runs);
// a stored, returned or re-awaited result is fine, and CORO0020's call form is not reported here.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0029NestedCoroutineAwaitedOnceAnalyzerTests
{
    [TestMethod]
    public Task NestedAwaitedOnce() => Verify<CORO0029NestedCoroutineAwaitedOnceAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Func<Coro<Coro<int>>> nested, Func<Coro<CoroTask<int>>> spawned, Func<CoroTask<Coro>> task, Task<Coro> foreign)
            {
                {|CORO0029:await nested()|};
                _ = {|CORO0029:await nested()|};
                {|CORO0029:await spawned()|};
                {|CORO0029:await task()|};
                {|CORO0029:await foreign|};
                await TaskGroup.Run(async group => { {|CORO0029:await nested()|}; });
            }

            public static async Task TaskBased(Task<Coro<int>> foreign)
            {
                {|CORO0029:await foreign|};
            }
        }
        """);

    [TestMethod]
    public Task ConsumedResultsAreNotReported() => Verify<CORO0029NestedCoroutineAwaitedOnceAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro<int> Parent(Func<Coro<Coro<int>>> nested, Func<Coro<int>> flat, Task<int> plain)
            {
                int a = await await nested();
                Coro<int> inner = await nested();
                int b = await inner;
                await flat();
                _ = await flat();
                await plain;
                return a + b + await await nested();
            }

            [Coroutine]
            private static async partial Coro<Coro<int>> Forward(Func<Coro<Coro<int>>> nested) => await nested();

            public static Coro<Coro<int>> Ordinary(Func<Coro<Coro<int>>> nested)
            {
                Coro<Coro<int>> created = nested();
                return created;
            }
        }
        """);

    [TestMethod]
    public Task AwaitAgainFix() => Verify<CORO0029NestedCoroutineAwaitedOnceAnalyzer>.CodeFixAsync<CORO0029NestedCoroutineAwaitedOnceCodeFix>("""
        using System;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Func<Coro<Coro<int>>> nested, Func<Coro<CoroTask<int>>> spawned)
            {
                {|CORO0029:await nested()|};
                _ = {|CORO0029:await nested()|};
                {|CORO0029:await spawned()|}; // observe it
            }
        }
        """, """
        using System;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Func<Coro<Coro<int>>> nested, Func<Coro<CoroTask<int>>> spawned)
            {
                await await nested();
                _ = await await nested();
                await await spawned(); // observe it
            }
        }
        """, CORO0029NestedCoroutineAwaitedOnceCodeFix.AwaitAgainKey);
}
