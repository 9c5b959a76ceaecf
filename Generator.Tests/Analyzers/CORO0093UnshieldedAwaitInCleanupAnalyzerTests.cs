// CORO0093 (off by default): awaits in catch/finally blocks of coroutines without Coro.Shield.
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0093UnshieldedAwaitInCleanupAnalyzerTests
{
    [TestMethod]
    public void RuleIsOffByDefault() => Assert.IsFalse(CORO0093UnshieldedAwaitInCleanupAnalyzer.Rule.IsEnabledByDefault);

    [TestMethod]
    public Task UnshieldedCleanupAwaits() => Verify<CORO0093UnshieldedAwaitInCleanupAnalyzer>.AnalyzerAsync("""
        using System;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent()
            {
                try { await Child(); }
                catch (InvalidOperationException) { {|CORO0093:await Child()|}; }
                finally { {|CORO0093:await Child()|}; }

                try { await Child(); }
                finally
                {
                    try { Console.WriteLine(); }
                    finally { {|CORO0093:await Coro.Sleep(0)|}; }
                }
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task ShieldedOrOutsideCleanupAwaitsAreNotReported() => Verify<CORO0093UnshieldedAwaitInCleanupAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent()
            {
                try { await Child(); }
                catch (InvalidOperationException) { await Coro.Shield(Child()); }
                finally { await Coro.Shield(Child()); }

                try { await Child(); }
                finally { Func<Task> later = async () => await Task.Delay(1); }
            }

            public static async Task TaskBased()
            {
                try { await Task.Delay(1); } finally { await Task.Delay(1); }
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);
}
