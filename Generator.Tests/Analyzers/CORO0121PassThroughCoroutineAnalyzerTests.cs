// CORO0121 (off by default; the test framework enables it): a [Coroutine] whose single statement
// tail-awaits another coroutine with parameters/constants only. Not reported inside try/using/
// lock, with other statements, with arguments evaluated at a different time, or type changes.
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0121PassThroughCoroutineAnalyzerTests
{
    [TestMethod]
    public Task PassThroughCoroutines() => Verify<CORO0121PassThroughCoroutineAnalyzer>.AnalyzerAsync("""
        using CoroGen;

        public partial class Program
        {
            [Coroutine]
            private static async partial Coro<int> Child(int value, string name)
            {
                await Coro.Sleep(0);
                return value;
            }

            [Coroutine]
            private async partial Coro Work(int value)
            {
                await Coro.Sleep(value);
            }

            [Coroutine]
            private static async partial Coro<int> {|CORO0121:Forward|}(int value)
            {
                return await Child(value, "x");
            }

            [Coroutine]
            private static async partial Coro<int> {|CORO0121:ForwardExpression|}(int value) => await Child(value, null!);

            [Coroutine]
            private async partial Coro {|CORO0121:ForwardVoid|}(int value)
            {
                await this.Work(value);
            }

            [Coroutine]
            private async partial Coro {|CORO0121:ForwardVoidExpression|}() => await Work(default);
        }
        """);

    [TestMethod]
    public Task OtherShapesAreNotReported() => Verify<CORO0121PassThroughCoroutineAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public partial class Program
        {
            private int _counter;
            private readonly object _gate = new();

            [Coroutine]
            private static async partial Coro<int> Child(int value)
            {
                await Coro.Sleep(0);
                return value;
            }

            [Coroutine]
            private static async partial Coro<long> Widening(int value) => await Child(value);

            [Coroutine]
            private async partial Coro<int> ReadsField() => await Child(_counter);

            [Coroutine]
            private static async partial Coro<int> Computes(int value) => await Child(value + 1);

            [Coroutine]
            private static async partial Coro<int> TwoStatements(int value)
            {
                Console.WriteLine(value);
                return await Child(value);
            }

            [Coroutine]
            private static async partial Coro<int> InTry(int value)
            {
                try
                {
                    return await Child(value);
                }
                finally
                {
                    Console.WriteLine(value);
                }
            }

            [Coroutine]
            private static async partial Coro<int> InUsing(IDisposable resource, int value)
            {
                using (resource)
                {
                    return await Child(value);
                }
            }

            [Coroutine]
            private static async partial Coro<int> AwaitsTask(Task<int> task) => await task;

            [Coroutine]
            private static async partial Coro<int> AwaitsDelegate(Func<Coro<int>> factory) => await factory();

            [Coroutine]
            private static async partial Coro Sleeps() => await Coro.Sleep(0);

            private static Coro<int> AlreadyPlain(int value) => Child(value);

            public static async Task<int> TaskBased(Func<Task<int>> other) => await other();
        }
        """);
}
