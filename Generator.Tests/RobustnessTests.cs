// The generator runs on every keystroke, so it sees every half-typed state of a coroutine.
// It must never throw: a crash turns into CS8785 and hides every generated file. These tests
// feed it each prefix of a valid source and a list of broken snippets.
using CoroGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CoroGen.Generator.Tests;

[TestClass]
public sealed class RobustnessTests
{
    private const string Valid = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using CoroGen;

        namespace Demo;

        public partial class Outer<T> where T : class, new()
        {
            public partial record struct Inner
            {
                [Coroutine]
                public static async partial Coro<List<T?>> Run<TItem>(TItem item, int count = 2, params string[] rest)
                    where TItem : notnull
                {
                    await Task.Yield();
                    return new List<T?>(count);
                }
            }
        }
        """;

    private static readonly string[] s_brokenSnippets =
    [
        "[Coroutine]",
        "partial class C { [Coroutine] }",
        "partial class C { [Coroutine] private async partial Coro",
        "partial class C { [Coroutine] private async partial Coro M(",
        "partial class C { [Coroutine] private async partial Coro M(int = ) { } }",
        "partial class C { [Coroutine] private async partial Coro<> M() { } }",
        "partial class C { [Coroutine] private async partial Coro<Missing> M() { } }",
        "partial class C { [Coroutine] private async partial Coro M<T>() where T : { } }",
        "partial class C { [Coroutine] private async partial Coro M(params) { } }",
        "partial class C { [Coroutine] private async partial Coro M(this) { } }",
        "partial class C { [Coroutine] private async partial Coro M(int x = Missing.Value) { } }",
        "partial class C { [Coroutine] private async partial Coro M(__arglist) { } }",
        "partial class C { [Coroutine] private async partial Coro M(int* p) { } }",
        "partial class C { [Coroutine] private async partial Coro M(delegate*<void> p) { } }",
        "partial class C { [Coroutine] private async partial Coro operator +(C a) { } }",
        "partial class C { [Coroutine] private async partial Coro C() { } }",
        "partial class C { [Coroutine] private async partial Coro M() { } [Coroutine] private async partial Coro M() { } }",
        "partial class C { [Coroutine] private partial Coro M(); [Coroutine] private async partial Coro M() { } }",
        "partial class C<T, T> { [Coroutine] private async partial Coro M() { } }",
        "partial class C<> { [Coroutine] private async partial Coro M() { } }",
        "namespace { partial class C { [Coroutine] private async partial Coro M() { } } }",
        "[Coroutine] private async partial Coro M() { }",
        "namespace N { [Coroutine] private async partial Coro M() { } }",
        "partial enum E { [Coroutine] A }",
        "partial class C { void F() { [Coroutine] async Coro Local() { } } }",
        "partial class C { [Coroutine] private async partial Coro M() => ; }",
        "partial class C { [Coroutine] private async partial ref Coro M() { } }",
        "partial class C { [Coroutine] private async partial Coro? M() { } }",
        "partial class C { [Coroutine] private async partial dynamic M() { } }",
        "partial class C { [Coroutine] private async partial Coro M(int x = 1, int y) { } }",
        "partial class C { [Coroutine] private async partial Coro M(System.Span<int> s = default) { } }",
        "partial class C { [Coroutine] private async partial Coro M(double d = 1e400) { } }",
        "partial class C { [Coroutine] private async partial Coro M(E e = (E)42) { } } enum E { }",
        "partial class C { [Coroutine] private async partial Coro M(string s = null!) { } }",
        "partial class C { [Coroutine] public async partial Coro @class(int @event) { } }",
        "partial struct S { [Coroutine] public async partial Coro M() { } } partial struct S { [Coroutine] public async partial Coro M() { } }",
        "partial class C { [Coroutine(1)] private async partial Coro M() { } }",
        "partial class C { [Coroutine, Coroutine] private async partial Coro M() { } }",
        "namespace a { partial class C { [Coroutine] public async partial Coro M() { } } } namespace A { partial class C { [Coroutine] public async partial Coro M() { } } }",
        "partial class c { [Coroutine] public async partial Coro M() { } } partial class C { [Coroutine] public async partial Coro M() { } [Coroutine] public async partial Coro m() { } }",
        "file partial class C { [Coroutine] private async partial Coro M() { } }",
        "partial interface I { [Coroutine] abstract async partial Coro M(); }",
        "static partial class X { extension(int i) { [Coroutine] public async partial Coro M() { } } }",
    ];

    [TestMethod]
    public void EveryPrefixOfAValidCoroutine()
    {
        Assert.IsGreaterThan(0, GeneratorHarness.Run(Valid).Sources.Length);
        GeneratorDriver driver = GeneratorHarness.CreateDriver();
        for (int length = 0; length <= Valid.Length; length++)
        {
            driver = RunWithoutCrash(driver, Valid[..length], $"prefix of length {length}");
        }
    }

    [TestMethod]
    public void EverySuffixOfAValidCoroutine()
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver();
        for (int start = 0; start < Valid.Length; start += 3)
        {
            driver = RunWithoutCrash(driver, "using CoroGen;\n" + Valid[start..], $"suffix from {start}");
        }
    }

    [TestMethod]
    public void BrokenSnippets()
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver();
        foreach (string snippet in s_brokenSnippets)
        {
            driver = RunWithoutCrash(driver, "using CoroGen;\n" + snippet, snippet);
        }
    }

    private static GeneratorDriver RunWithoutCrash(GeneratorDriver driver, string source, string description)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source)
            .WithOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        driver = driver.RunGenerators(compilation);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.IsNull(result.Exception, $"The generator threw on {description}: {result.Exception}");
        Assert.IsFalse(result.Diagnostics.Any(static d => d.Id is "CS8784" or "CS8785"), $"The generator failed on {description}.");
        return driver;
    }
}
