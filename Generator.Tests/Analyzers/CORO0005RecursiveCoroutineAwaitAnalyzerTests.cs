// CORO0005: cycles of [Coroutine] methods awaiting each other (compilation end).
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0005RecursiveCoroutineAwaitAnalyzerTests
{
    [TestMethod]
    public Task DirectAndMutualRecursion() => Verify<CORO0005RecursiveCoroutineAwaitAnalyzer>.AnalyzerAsync("""
        using CoroGen;

        public sealed class Node { public Node? Left; public Node? Right; }

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro<int> Count(Node? node)
            {
                if (node is null) { return 0; }
                return 1 + await {|CORO0005:Count(node.Left)|} + await {|CORO0005:Count(node.Right)|};
            }

            [Coroutine]
            private static async partial Coro Ping(int n) { if (n > 0) { await {|CORO0005:Pong(n - 1)|}; } }

            [Coroutine]
            private static async partial Coro Pong(int n) { if (n > 0) { await {|CORO0005:Ping(n - 1)|}; } }

            [Coroutine]
            private static async partial Coro Generic<T>(int n) { if (n > 0) { await {|CORO0005:Generic<T[]>(n - 1)|}; } }
        }
        """);

    [TestMethod]
    public Task NonRecursiveAwaitsAreNotReported() => Verify<CORO0005RecursiveCoroutineAwaitAnalyzer>.AnalyzerAsync("""
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Main()
            {
                await Child();
                await Child();
                await Leaf();
                // Not an embedded frame: a spawned task, a lambda, a stored Coro.
                await Coro.Spawn(Main());
                await TaskGroup.Run(async group => await Main());
                Coro later = Main();
                await later;
            }

            [Coroutine]
            private static async partial Coro Child() { await Leaf(); }

            [Coroutine]
            private static async partial Coro Leaf() { await Coro.Sleep(0); }

            // Not coroutines: ordinary recursion.
            private static async Task<int> TaskRecursion(int n) => n == 0 ? 0 : await TaskRecursion(n - 1);

            private static int Plain(int n) => n == 0 ? 0 : Plain(n - 1);
        }
        """);
}
