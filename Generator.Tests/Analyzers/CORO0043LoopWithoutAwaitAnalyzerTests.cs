// CORO0043: endless loops in coroutines that neither await nor exit.
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0043LoopWithoutAwaitAnalyzerTests
{
    [TestMethod]
    public Task EndlessLoopsWithoutAwait() => Verify<CORO0043LoopWithoutAwaitAnalyzer>.AnalyzerAsync("""
        using System;
        using CoroGen;

        public static partial class Program
        {
            private static int s_count;

            [Coroutine]
            private static async partial Coro Parent()
            {
                await Child();
                {|CORO0043:while|} (true)
                {
                    s_count++;
                    Action later = () => { return; };
                }
            }

            [Coroutine]
            private static async partial Coro Spin()
            {
                await Child();
                {|CORO0043:for|} (;;) { s_count++; }
            }

            [Coroutine]
            private static async partial Coro<int> Busy()
            {
                await Child();
                {|CORO0043:do|} { s_count++; } while (true);
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task LoopsThatAwaitOrExitAreNotReported() => Verify<CORO0043LoopWithoutAwaitAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            private static int s_count;

            [Coroutine]
            private static async partial Coro Parent()
            {
                while (true) { await Coro.Sleep(1); }
                while (true) { if (++s_count > 10) break; }
                for (;;) { if (++s_count > 10) return; }
                do { if (++s_count > 10) throw new InvalidOperationException(); } while (true);
                while (s_count < 10) { s_count++; }
                for (int i = 0; i < 10; i++) { s_count++; }
            }

            public static async Task TaskBased()
            {
                while (true) { s_count++; }
            }

            public static void Ordinary()
            {
                while (true) { s_count++; }
            }

            [Coroutine]
            private static async partial Coro Child()
            {
                Action spin = () => { while (true) { s_count++; } };
                await Coro.Sleep(0);
            }
        }
        """);
}
