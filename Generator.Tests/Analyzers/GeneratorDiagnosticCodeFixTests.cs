// Code fixes for the generator's own diagnostics (CORO0001, CORO0002, CORO0008). The verifier
// runs the real generator, whose diagnostics reach the code fixes like any other; the
// TAnalyzer slot holds CORO0003's analyzer, which reports nothing on these sources.
using CoroGen.Analyzers.CodeFixes;
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class GeneratorDiagnosticCodeFixTests
{
    [TestMethod]
    public Task CORO0001MakesTheTypeChainPartial() => Verify<CORO0003MissingCoroutineAttributeAnalyzer>.CodeFixAsync<CORO0001ContainingTypeNotPartialCodeFix>("""
        using CoroGen;

        public class {|CORO0001:{|CORO0001:Outer|}|}
        {
            public sealed class {|CORO0001:{|CORO0001:Inner|}|}
            {
                [Coroutine]
                private static async partial Coro {|CS0751:{|CS0759:Run|}|}() { await Coro.Sleep(0); }

                [Coroutine]
                private static async partial Coro {|CS0751:{|CS0759:Walk|}|}() { await Coro.Sleep(0); }
            }
        }

        class {|CORO0001:Other|}
        {
            [Coroutine]
            internal async partial Coro {|CS0751:{|CS0759:Go|}|}() { await Coro.Sleep(0); }
        }
        """, """
        using CoroGen;

        public partial class Outer
        {
            public sealed partial class Inner
            {
                [Coroutine]
                private static async partial Coro Run() { await Coro.Sleep(0); }

                [Coroutine]
                private static async partial Coro Walk() { await Coro.Sleep(0); }
            }
        }

        partial class Other
        {
            [Coroutine]
            internal async partial Coro Go() { await Coro.Sleep(0); }
        }
        """, CORO0001ContainingTypeNotPartialCodeFix.Key);

    [TestMethod]
    public Task CORO0002AddsAsyncAndPartial() => Verify<CORO0003MissingCoroutineAttributeAnalyzer>.CodeFixAsync<CORO0002InvalidSignatureCodeFix>("""
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async Coro {|CORO0002:NotPartial|}() { await Coro.Sleep(0); }

            [Coroutine]
            private static partial Coro {|CORO0002:{|CS0759:{|CS0161:NotAsync|}|}|}() { {|CS4032:await Coro.Sleep(0)|}; }

            [Coroutine]
            private static Coro {|CORO0002:{|CORO0002:{|CS0161:Neither|}|}|}() { {|CS4032:await Coro.Sleep(0)|}; }

            [Coroutine]
            private static async partial {|CORO0002:Task|} {|CS0759:WrongReturn|}() { await Task.Yield(); }
        }
        """, """
        using System.Threading.Tasks;
        using CoroGen;

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro NotPartial() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro NotAsync() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial Coro Neither() { await Coro.Sleep(0); }

            [Coroutine]
            private static async partial {|CORO0002:Task|} {|CS0759:WrongReturn|}() { await Task.Yield(); }
        }
        """, CORO0002InvalidSignatureCodeFix.Key);

    [TestMethod]
    public Task CORO0008AddsTheDefaultAccessibility() => Verify<CORO0003MissingCoroutineAttributeAnalyzer>.CodeFixAsync<CORO0008MissingAccessibilityCodeFix>("""
        using CoroGen;

        public partial class Program
        {
            [Coroutine]
            static async partial Coro {|CORO0008:{|CS0759:{|CS8796:Hello|}|}|}() { await Coro.Sleep(0); }

            [Coroutine]
            async partial Coro<int> {|CORO0008:{|CS0759:{|CS8796:Answer|}|}|}() { await Coro.Sleep(0); return 42; }
        }

        public partial interface IService
        {
            [Coroutine]
            async partial Coro {|CORO0008:{|CS0759:{|CS8796:Serve|}|}|}() { await Coro.Sleep(0); }
        }
        """, """
        using CoroGen;

        public partial class Program
        {
            [Coroutine]
            private static async partial Coro Hello() { await Coro.Sleep(0); }

            [Coroutine]
            private async partial Coro<int> Answer() { await Coro.Sleep(0); return 42; }
        }

        public partial interface IService
        {
            [Coroutine]
            public async partial Coro Serve() { await Coro.Sleep(0); }
        }
        """, CORO0008MissingAccessibilityCodeFix.Key);
}
