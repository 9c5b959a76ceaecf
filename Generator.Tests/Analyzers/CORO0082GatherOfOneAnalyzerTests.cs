// CORO0082: Coro.Gather over a single coroutine or task.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0082GatherOfOneAnalyzerTests
{
    [TestMethod]
    public Task GatherOfOneIsReportedOthersAreNot() => Verify<CORO0082GatherOfOneAnalyzer>.AnalyzerAsync("""
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Coro<int>[] many)
            {
                int[] one = await {|CORO0082:Coro.Gather(Value())|};
                CoroTask<int> task = Coro.Spawn(Value());
                int[] spawned = await {|CORO0082:Coro.Gather(task)|};
                Coro<int[]> later = {|CORO0082:Coro.Gather(Value())|};
                await later;
                int[] two = await Coro.Gather(Value(), Value());
                int[] array = await Coro.Gather(many);
                await Coro.Gather(Child(), Child());
                await Task.WhenAll(Task.Delay(1), Task.Delay(2));
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """);

    [TestMethod]
    public Task AwaitDirectlyFix() => Verify<CORO0082GatherOfOneAnalyzer>.CodeFixAsync<CORO0082GatherOfOneCodeFix>("""
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro<int> Parent()
            {
                await {|CORO0082:Coro.Gather(Child())|};
                int[] values = await {|CORO0082:Coro.Gather(Value())|};
                return (await {|CORO0082:Coro.Gather(Value())|}).Length + values[0];
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """, """
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro<int> Parent()
            {
                await Child();
                int[] values = new[] { await Value() };
                return (new[] { await Value() }).Length + values[0];
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """, CORO0082GatherOfOneCodeFix.Key);
}
