// CORO0007: async void methods, local functions and lambdas in files that use CoroGen.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0007AsyncVoidAnalyzerTests
{
    [TestMethod]
    public Task AsyncVoidInCodeUsingCoroGen() => Verify<CORO0007AsyncVoidAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public abstract class Base { public abstract void Tick(); }

        public partial class Program : Base
        {
            public static async void {|CORO0007:Fire|}() { await Task.Yield(); }

            public override async void {|CORO0007:Tick|}() { await Task.Yield(); }

            public static void Schedule(EventLoop loop)
            {
                Action callback = {|CORO0007:async|} () => await Coro.Sleep(0);
                loop.CallSoon({|CORO0007:async|} () => await Coro.Sleep(0));
                Action<int> anonymous = {|CORO0007:async|} delegate (int x) { await Task.Yield(); };
                Local();

                async void {|CORO0007:Local|}() => await Task.Yield();
            }
        }
        """);

    [TestMethod]
    public Task FileWithoutUsingButWithCoroGenTypeIsReported() => Verify<CORO0007AsyncVoidAnalyzer>.AnalyzerAsync("""
        using System.Threading.Tasks;

        public static class Program
        {
            public static async void {|CORO0007:Fire|}() { await Task.Yield(); }

            public static CoroGen.Coro Make() => default;
        }
        """);

    [TestMethod]
    public Task OtherCodeIsNotReported() => Verify<CORO0007AsyncVoidAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            public static event EventHandler? Clicked;

            public static void Wire()
            {
                Clicked += async (sender, e) => await Task.Yield();
                Func<Task> task = async () => await Task.Yield();
                Func<Coro> coro = async () => await Coro.Sleep(0);
            }

            private static async void OnClicked(object? sender, EventArgs e) { await Task.Yield(); }

            public static async Task TaskBased() => await Task.Yield();

            [Coroutine]
            private static async partial Coro Main() { await Coro.Sleep(0); }
        }
        """);

    [TestMethod]
    public async Task FilesThatDoNotUseCoroGenAreNotReported()
    {
        var test = new CoroAnalyzerTest<CORO0007AsyncVoidAnalyzer>();
        test.TestState.Sources.Add("""
            using System.Threading.Tasks;

            public static class Plain
            {
                public static async void Fire() { await Task.Yield(); }

                public static void Schedule() => System.Threading.ThreadPool.QueueUserWorkItem(async _ => await Task.Yield());
            }
            """);
        test.TestState.Sources.Add("""
            using CoroGen;

            public static partial class UsesLoop
            {
                [Coroutine]
                private static async partial Coro Main() { await Coro.Sleep(0); }
            }
            """);
        await test.RunAsync();
    }

    [TestMethod]
    public Task FixReturnsCoro() => Verify<CORO0007AsyncVoidAnalyzer>.CodeFixAsync<CORO0007AsyncVoidCodeFix>("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public interface IRunner { void Run(); }

        public sealed class Program : IRunner
        {
            public static async void {|CORO0007:Fire|}() { await Coro.Sleep(0); }

            public async void {|CORO0007:Run|}() { await Coro.Sleep(0); }

            public static void Schedule()
            {
                Action callback = {|CORO0007:async|} () => await Coro.Sleep(0);

                async void {|CORO0007:Local|}() => await Coro.Sleep(0);
            }
        }
        """, """
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public interface IRunner { void Run(); }

        public sealed class Program : IRunner
        {
            public static async Coro Fire() { await Coro.Sleep(0); }

            public async void {|CORO0007:Run|}() { await Coro.Sleep(0); }

            public static void Schedule()
            {
                Action callback = {|CORO0007:async|} () => await Coro.Sleep(0);

                async Coro Local() => await Coro.Sleep(0);
            }
        }
        """, CORO0007AsyncVoidCodeFix.Key);
}
