// CORO0091: catch (TaskCanceledException) in a coroutine without an OperationCanceledException backstop.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0091TaskCanceledExceptionCaughtAnalyzerTests
{
    [TestMethod]
    public Task TaskCanceledWithoutBackstop() => Verify<CORO0091TaskCanceledExceptionCaughtAnalyzer>.AnalyzerAsync("""
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent()
            {
                try { await Child(); } catch ({|CORO0091:TaskCanceledException|}) { throw; }
                try { await Child(); } catch ({|CORO0091:TaskCanceledException|} e) when (e.Message.Length > 0) { throw; } catch (IOException) { }
                try { await Child(); } catch ({|CORO0091:TaskCanceledException|} e) { Console.WriteLine(e.Task); throw; }
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task BackstoppedOrNonCoroutineCatchesAreNotReported() => Verify<CORO0091TaskCanceledExceptionCaughtAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent()
            {
                try { await Child(); } catch (TaskCanceledException) { throw; } catch (OperationCanceledException) { throw; }
                try { await Child(); } catch (TaskCanceledException) { throw; } catch (CancelledError) { throw; }
                try { await Child(); } catch (OperationCanceledException) { throw; }
                Func<Task> elsewhere = async () => { try { await Task.Delay(1); } catch (TaskCanceledException) { } };
            }

            public static async Task TaskBased()
            {
                try { await Task.Delay(1); } catch (TaskCanceledException) { }
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task CatchOperationCanceledFix() => Verify<CORO0091TaskCanceledExceptionCaughtAnalyzer>.CodeFixAsync<CORO0091TaskCanceledExceptionCaughtCodeFix>("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent()
            {
                try { await Child(); } catch ({|CORO0091:TaskCanceledException|}) { throw; }
                try { await Child(); } catch ({|CORO0091:TaskCanceledException|} e) { Console.WriteLine(e.Message); throw; }
                try { await Child(); } catch ({|CORO0091:System.Threading.Tasks.TaskCanceledException|} e) { Console.WriteLine(e.Task); throw; }
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """, """
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent()
            {
                try { await Child(); } catch (OperationCanceledException) { throw; }
                try { await Child(); } catch (OperationCanceledException e) { Console.WriteLine(e.Message); throw; }
                try { await Child(); } catch ({|CORO0091:System.Threading.Tasks.TaskCanceledException|} e) { Console.WriteLine(e.Task); throw; }
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """, CORO0091TaskCanceledExceptionCaughtCodeFix.Key);
}
