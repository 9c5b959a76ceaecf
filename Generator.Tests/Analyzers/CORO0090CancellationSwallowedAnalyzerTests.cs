// CORO0090: catch clauses in coroutines that catch CancelledError around an await and can
// complete without rethrowing.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0090CancellationSwallowedAnalyzerTests
{
    [TestMethod]
    public Task SwallowingCatchClauses() => Verify<CORO0090CancellationSwallowedAnalyzer>.AnalyzerAsync("""
        using System;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro<int> Parent()
            {
                try { await Child(); } {|CORO0090:catch|} { }
                try { await Child(); } catch {|CORO0090:(Exception)|} { Console.WriteLine("failed"); }
                try { await Child(); } catch {|CORO0090:(SystemException e)|} { Console.WriteLine(e); }
                try { await Child(); } catch {|CORO0090:(OperationCanceledException)|} { }
                try { await Child(); } catch {|CORO0090:(CancelledError)|} { return 0; }
                foreach (var i in new[] { 1, 2 })
                {
                    try { await Child(); } catch {|CORO0090:(Exception)|} { continue; }
                }

                await TaskGroup.Run(async group =>
                {
                    try { await Child(); } catch {|CORO0090:(Exception)|} { }
                });
                return 1;
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task RethrowingFilteredNarrowOrAwaitlessCatchesAreNotReported() => Verify<CORO0090CancellationSwallowedAnalyzer>.AnalyzerAsync("""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent()
            {
                try { await Child(); } catch (Exception e) when (e is not OperationCanceledException) { }
                try { await Child(); } catch (Exception) { Console.WriteLine("failed"); throw; }
                try { await Child(); } catch (CancelledError e) { throw new InvalidOperationException("wrapped", e); }
                try { await Child(); } catch (IOException) { }
                try { await Child(); } catch (TaskCanceledException) { }
                try { Console.WriteLine(); } catch (Exception) { }
                try { await Child(); } finally { Console.WriteLine("cleanup"); }
                Func<Task> elsewhere = async () => { try { await Task.Delay(1); } catch { } };
                Action sync = () => { try { Console.WriteLine(); } catch { } };
            }

            public static async Task TaskBased()
            {
                try { await Task.Delay(1); } catch (Exception) { }
            }

            public static void Ordinary()
            {
                try { Console.WriteLine(); } catch { }
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task FilterFix() => Verify<CORO0090CancellationSwallowedAnalyzer>.CodeFixAsync<CORO0090CancellationSwallowedCodeFix>("""
        using System;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent()
            {
                try
                {
                    await Child();
                }
                {|CORO0090:catch|}
                {
                }

                try
                {
                    await Child();
                }
                catch {|CORO0090:(Exception)|}
                {
                    Console.WriteLine("failed");
                }

                try
                {
                    await Child();
                }
                catch {|CORO0090:(Exception ex)|}
                {
                    Console.WriteLine(ex);
                }
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """, """
        using System;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent()
            {
                try
                {
                    await Child();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                }

                try
                {
                    await Child();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Console.WriteLine("failed");
                }

                try
                {
                    await Child();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Console.WriteLine(ex);
                }
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """, CORO0090CancellationSwallowedCodeFix.FilterKey);

    [TestMethod]
    public Task RethrowFix() => Verify<CORO0090CancellationSwallowedAnalyzer>.CodeFixAsync<CORO0090CancellationSwallowedCodeFix>("""
        using System;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent()
            {
                try
                {
                    await Child();
                }
                catch {|CORO0090:(CancelledError)|}
                {
                    Console.WriteLine("cancelled");
                }

                try
                {
                    await Child();
                }
                catch {|CORO0090:(OperationCanceledException)|}
                {
                    return;
                }
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """, """
        using System;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent()
            {
                try
                {
                    await Child();
                }
                catch (CancelledError)
                {
                    Console.WriteLine("cancelled");
                    throw;
                }

                try
                {
                    await Child();
                }
                catch (OperationCanceledException)
                {
                    throw;
                }
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """, CORO0090CancellationSwallowedCodeFix.RethrowKey);
}
