// CORO0006: coroutines obtained through virtual/interface/delegate dispatch inside a coroutine.
using CoroGen.Analyzers.Rules;

namespace CoroGen.Generator.Tests.Analyzers;

[TestClass]
public sealed class CORO0006CoroutineDispatchAnalyzerTests
{
    [TestMethod]
    public Task DispatchInsideCoroutines() => Verify<CORO0006CoroutineDispatchAnalyzer>.AnalyzerAsync("""
        using System;
        using CoroGen;

        public interface IHandler { Coro Handle(); }

        public abstract partial class Base
        {
            public abstract Coro Step();

            public virtual Coro Other() => default;
        }

        public sealed partial class Derived : Base
        {
            public override Coro Step() => default;

            [Coroutine]
            private async partial Coro Run(IHandler handler, Func<Coro> factory, Base other)
            {
                await {|CORO0006:handler.Handle()|};
                await {|CORO0006:factory()|};
                await {|CORO0006:other.Step()|};
                await {|CORO0006:Other()|};
                await base.Other();
                await TaskGroup.Run(async group => await {|CORO0006:handler.Handle()|});
            }
        }
        """);

    [TestMethod]
    public Task DirectCallsAndOtherCodeAreNotReported() => Verify<CORO0006CoroutineDispatchAnalyzer>.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using CoroGen;

        public interface IHandler { Coro Handle(); Task HandleTask(); }

        public static partial class Program
        {
            [Coroutine]
            private static async partial Coro Main(IHandler handler)
            {
                await Child();
                await handler.HandleTask();
                string text = handler.ToString()!;
                Func<Coro> deferred = () => handler.Handle();
            }

            [Coroutine]
            private static async partial Coro Child() { await Coro.Sleep(0); }

            // Not a coroutine: building or forwarding is fine.
            public static Coro Forward(IHandler handler) => handler.Handle();

            public static async Task TaskBased(Func<Task> work) => await work();
        }
        """);
}
