// CORO0020: a dropped Coro (statement or discard, also through ?.) in any caller.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0020CoroutineNeverAwaitedAnalyzerTests
{
    [TestMethod]
    public Task DroppedCoroutineInCoroutine() => Verify<CORO0020CoroutineNeverAwaitedAnalyzer>.AnalyzerAsync("""
        using System;
        using CoroGen;

        public sealed class Holder { public Coro Make() => default; }

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Main(Holder? holder)
            {
                {|CORO0020:Child()|};
                {|CORO0020:_ = Value()|};
                {|CORO0020:holder?.Make()|};
                Action later = () => {|CORO0020:Child()|};
                await Coro.Sleep(0);
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """);

    [TestMethod]
    public Task DroppedCoroutineInOrdinaryCode() => Verify<CORO0020CoroutineNeverAwaitedAnalyzer>.AnalyzerAsync("""
        using CoroGen;

        public static partial class Program
        {
            public static void Main()
            {
                {|CORO0020:Child()|};
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task ConsumedCoroutinesAndOtherCodeAreNotReported() => Verify<CORO0020CoroutineNeverAwaitedAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static void Main()
            {
                EventLoop.Run(Parent());
                Coro stored = Child();
                Func<Coro> factory = () => Child();
                Console.WriteLine("ordinary code");
                _ = Task.Delay(1);
            }

            public static async Task TaskBased()
            {
                Task.Delay(1).Wait();
                _ = Task.Run(() => 1);
                await Task.Yield();
            }

            [Coroutine]
            private static async partial Coro Parent()
            {
                await Child();
                var task = Coro.Spawn(Child());
                await task;
                await TaskGroup.Run(async group => { _ = group.Spawn(Child()); await Child(); });
            }

            private static Coro Wrapper() => Child();

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public Task AwaitFixInAsyncCode() => Verify<CORO0020CoroutineNeverAwaitedAnalyzer>.CodeFixAsync<CORO0020CoroutineNeverAwaitedCodeFix>("""
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent()
            {
                {|CORO0020:Child()|};
                // keep this comment
                {|CORO0020:_ = Value()|};
                await TaskGroup.Run(async group => { {|CORO0020:Child()|}; });
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
            private static async partial Coro Parent()
            {
                await Child();
                // keep this comment
                await Value();
                await TaskGroup.Run(async group => { await Child(); });
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro<int> Value() { await Coro.Sleep(0); return 1; }
        }
        """, CORO0020CoroutineNeverAwaitedCodeFix.AwaitKey);

    [TestMethod]
    public Task RunFixInSynchronousEntryPoint() => Verify<CORO0020CoroutineNeverAwaitedAnalyzer>.CodeFixAsync<CORO0020CoroutineNeverAwaitedCodeFix>("""
        using CoroGen;

        public static partial class Program
        {
            public static void Main()
            {
                {|CORO0020:Child()|};
                {|CORO0020:_ = Child()|};
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """, """
        using CoroGen;

        public static partial class Program
        {
            public static void Main()
            {
                EventLoop.Run(Child());
                EventLoop.Run(Child());
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }
        }
        """, CORO0020CoroutineNeverAwaitedCodeFix.RunKey);

    [TestMethod]
    public Task NoFixThroughConditionalAccessOrInCoroBuilder() => Verify<CORO0020CoroutineNeverAwaitedAnalyzer>.CodeFixAsync<CORO0020CoroutineNeverAwaitedCodeFix>("""
        using CoroGen;

        public sealed class Holder { public Coro Make() => default; }

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Holder? holder)
            {
                {|CORO0020:holder?.Make()|};
                await Coro.Sleep(0);
            }

            private static Coro Builder()
            {
                {|CORO0020:Parent(null)|};
                return default;
            }
        }
        """, """
        using CoroGen;

        public sealed class Holder { public Coro Make() => default; }

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Parent(Holder? holder)
            {
                {|CORO0020:holder?.Make()|};
                await Coro.Sleep(0);
            }

            private static Coro Builder()
            {
                {|CORO0020:Parent(null)|};
                return default;
            }
        }
        """);
}
