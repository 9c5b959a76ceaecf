// CORO0064: [ThreadStatic] fields, ThreadLocal<T>.Value and AsyncLocal<T>.Value in loop
// context; not outside coroutines, not in lambdas that run elsewhere, not ordinary statics.
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0064ThreadLocalStateInCoroutineAnalyzerTests
{
    [TestMethod]
    public Task ThreadBoundStateInCoroutine() => Verify<CORO0064ThreadLocalStateInCoroutineAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading;
        using CoroGen;

        public static partial class Program
        {
            [ThreadStatic] private static int t_counter;
            private static readonly ThreadLocal<int> s_local = new();
            private static readonly AsyncLocal<string?> s_user = new();

            [Coroutine]
            private static async partial Coro Parent()
            {
                {|CORO0064:t_counter|}++;
                {|CORO0064:s_local.Value|} = 1;
                string? user = {|CORO0064:s_user.Value|};
                await Coro.Sleep(0);
                await TaskGroup.Run(async group => { {|CORO0064:s_user.Value|} = "x"; await Coro.Sleep(0); });
            }
        }
        """);

    [TestMethod]
    public Task OtherContextsAreNotReported() => Verify<CORO0064ThreadLocalStateInCoroutineAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [ThreadStatic] private static int t_counter;
            private static int s_plain;
            private static readonly ThreadLocal<int> s_local = new();
            private static readonly AsyncLocal<string?> s_user = new();
            private static readonly ContextVar<string?> s_var = new("user", null);

            public static void Ordinary() => t_counter++;

            public static async Task TaskBased()
            {
                s_user.Value = "x";
                await Task.Yield();
            }

            [Coroutine]
            private static async partial Coro Parent()
            {
                s_plain++;
                string name = nameof(t_counter);
                ThreadLocal<int> local = s_local;
                s_var.Set("y");
                int value = await Coro.ToThread(() => s_local.Value);
                Action later = () => t_counter++;
                await Coro.Sleep(0);
            }
        }
        """);
}
