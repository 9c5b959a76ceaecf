// CORO0025: ConfigureAwait on what a coroutine awaits (await, await foreach, await using);
// never in Task-based code or ordinary code.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0025ConfigureAwaitInCoroutineAnalyzerTests
{
    [TestMethod]
    public Task ConfigureAwaitInCoroutine() => Verify<CORO0025ConfigureAwaitInCoroutineAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Task task, ValueTask<int> value, IAsyncEnumerable<int> items, Stream stream, bool flag)
            {
                await {|CORO0025:task.ConfigureAwait(false)|};
                await {|CORO0025:task.ConfigureAwait(flag)|};
                int a = await {|CORO0025:value.ConfigureAwait(false)|};
                await {|CORO0025:task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing)|};
                await foreach (int item in {|CORO0025:items.ConfigureAwait(false)|})
                {
                }

                await using (var s = {|CORO0025:stream.ConfigureAwait(false)|})
                {
                }

                await TaskGroup.Run(async group => await {|CORO0025:task.ConfigureAwait(false)|});
            }
        }
        """);

    [TestMethod]
    public Task ConfigureAwaitOutsideCoroutinesIsNotReported() => Verify<CORO0025ConfigureAwaitInCoroutineAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static async Task TaskBased(Task task)
            {
                await task.ConfigureAwait(false);
                Func<Task> later = async () => await task.ConfigureAwait(false);
            }

            public static void Ordinary(Task task)
            {
                var configured = task.ConfigureAwait(false);
            }

            [Coroutine]
            private static async partial Coro Parent(Task task)
            {
                Func<Task> elsewhere = async () => await task.ConfigureAwait(false);
                await task;
            }
        }
        """);

    [TestMethod]
    public Task RemoveFix() => Verify<CORO0025ConfigureAwaitInCoroutineAnalyzer>.CodeFixAsync<CORO0025ConfigureAwaitInCoroutineCodeFix>("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Task task, Task<int> value, IAsyncEnumerable<int> items)
            {
                await {|CORO0025:task.ConfigureAwait(false)|};
                int a = await {|CORO0025:value.ConfigureAwait(true)|} + 1;
                await {|CORO0025:task.ConfigureAwait(ConfigureAwaitOptions.None)|};
                await {|CORO0025:task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing)|};
                await foreach (int item in {|CORO0025:items.ConfigureAwait(false)|})
                {
                }
            }
        }
        """, """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Task task, Task<int> value, IAsyncEnumerable<int> items)
            {
                await task;
                int a = await value + 1;
                await task;
                await {|CORO0025:task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing)|};
                await foreach (int item in items)
                {
                }
            }
        }
        """, CORO0025ConfigureAwaitInCoroutineCodeFix.RemoveKey);
}
