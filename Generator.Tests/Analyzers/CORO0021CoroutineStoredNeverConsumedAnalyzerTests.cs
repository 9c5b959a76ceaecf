// CORO0021: a Coro local created by a call and never read anywhere in the member.
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0021CoroutineStoredNeverConsumedAnalyzerTests
{
    [TestMethod]
    public Task UnusedCoroLocals() => Verify<CORO0021CoroutineStoredNeverConsumedAnalyzer>.AnalyzerAsync("""
        using System;
        using CoroGen;

        public static partial class Program
        {
            public static void Main()
            {
                var {|CORO0021:c|} = Child();
                Coro<int> {|CORO0021:v|} = Value();
                Func<Coro> later = () => { var {|CORO0021:inner|} = Child(); return Child(); };
            }

            [Coroutine]
            private static async partial Coro Parent()
            {
                var {|CORO0021:c|} = Child();
                await Child();
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """);

    [TestMethod]
    public Task ConsumedOrPassedOnIsNotReported() => Verify<CORO0021CoroutineStoredNeverConsumedAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            private static Coro s_field;

            public static Coro Wrapper() { var c = Child(); return c; }

            public static void Main(List<Coro> list, Coro parameter)
            {
                var a = Child(); EventLoop.Run(a);
                var b = Child(); list.Add(b);
                var c = Child(); s_field = c;
                var d = Child(); Func<Coro> f = () => d;
                var e = Child(); Keep(e);
                Coro copy = parameter;
                Task t = Task.CompletedTask;
            }

            private static void Keep(Coro coro) { }

            [Coroutine]
            private static async partial Coro Parent()
            {
                var c = Child();
                await c;
                var s = Child();
                await TaskGroup.Run(async g => { g.Spawn(s); await Coro.Sleep(0); });
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);
}
