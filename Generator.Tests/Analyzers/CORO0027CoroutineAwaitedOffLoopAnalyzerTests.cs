// CORO0027: CoroGen awaitables awaited in Task-based async functions; never in coroutines,
// and Task awaits in Task-based code are fine.
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0027CoroutineAwaitedOffLoopAnalyzerTests
{
    [TestMethod]
    public Task CoroutineAwaitedInTaskBasedCode() => Verify<CORO0027CoroutineAwaitedOffLoopAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using CoroGen;
        using CoroGen.Sync;

        public static partial class Program
        {
            public static async Task Main()
            {
                {|CORO0027:await Child()|};
                int a = {|CORO0027:await Value()|};
            }

            public static async ValueTask<int> Handler(CoroTask<int> task, AsyncLock gate)
            {
                using (var held = {|CORO0027:await gate.Acquire()|})
                {
                    return {|CORO0027:await task|};
                }
            }

            public static async void OnClick() => {|CORO0027:await Child()|};

            public static async IAsyncEnumerable<int> Items()
            {
                yield return {|CORO0027:await Value()|};
            }

            public static void Register()
            {
                Func<Task> callback = async () => {|CORO0027:await Child()|};
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """);

    [TestMethod]
    public Task CoroutinesAndBridgesAreNotReported() => Verify<CORO0027CoroutineAwaitedOffLoopAnalyzer>.AnalyzerAsync("""
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static async Task Bridge(EventLoop loop)
            {
                await loop.RunCoroutineThreadSafe(Child());
                int a = await loop.RunCoroutineThreadSafe(Value());
                await Task.Delay(1);
            }

            public static void Main() => EventLoop.Run(Parent());

            [Coroutine]
            private static async partial Coro Parent()
            {
                await Child();
                await Coro.Spawn(Child());
                await TaskGroup.Run(async group => await Child());
                await Local();

                async Coro Local() => await Child();
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """);
}
