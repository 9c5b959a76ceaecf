// A coroutine whose body does not compile keeps the builder path: the compiler reports each
// error once, on the user's body, and the machine (a copy of the body) must not report it
// again. The lowering decides this from the bound tree (Lowering/BodyErrors.cs) instead of
// compiling the body a second time, so each kind of error it must see is listed here, with
// valid bodies that look alike and must still be lowered.
using CoroGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CoroGen.Generator.Tests;

[TestClass]
public sealed class BodyErrorTests
{
    private const string Template = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using CoroGen;

        namespace Demo;

        [Obsolete("gone", true)]
        public sealed class Gone
        {
        }

        public partial class Broken
        {
            private int _instance;

            [Obsolete("gone", true)]
            private static void Removed()
            {
            }

            [Coroutine]
            public static async partial Coro<int> M(object resource, long wide)
            {
                await Coro.Sleep(0);
                BODY
                await Coro.Sleep(0);
                return 0;
            }
        }
        """;

    [TestMethod]
    [DataRow("using (new object()) { }", DisplayName = "CS1674 using a non-disposable")]
    [DataRow("await using (var r = new object()) { }", DisplayName = "CS8410 await using a non-async-disposable")]
    [DataRow("foreach (var x in 5) { }", DisplayName = "CS1579 foreach over a non-enumerable")]
    [DataRow("await 5;", DisplayName = "CS1061 await a non-awaitable")]
    [DataRow("int a = \"s\";", DisplayName = "CS0029 no conversion")]
    [DataRow("int b = wide;", DisplayName = "CS0266 conversion needs a cast")]
    [DataRow("Undefined();", DisplayName = "CS0103 unknown name")]
    [DataRow("Math.Abs(\"s\");", DisplayName = "CS1503 bad argument")]
    [DataRow("string s = 1 + new object();", DisplayName = "CS0019 bad operator")]
    [DataRow("lock (5) { }", DisplayName = "CS0185 lock on a value")]
    [DataRow("var l = new List<int>(); l.Count = 3;", DisplayName = "CS0200 read-only property")]
    [DataRow("Console.WriteLine(\"x\") = 2;", DisplayName = "CS0131 assignment to a call")]
    [DataRow("if (5) { }", DisplayName = "CS0029 condition")]
    [DataRow("goto nowhere;", DisplayName = "CS0159 missing label")]
    [DataRow("throw 5;", DisplayName = "CS0029 throw a value")]
    [DataRow("int x = ;", DisplayName = "CS1525 syntax error")]
    [DataRow("Removed();", DisplayName = "CS0619 obsolete-as-error method")]
    [DataRow("Gone g = null!;", DisplayName = "CS0619 obsolete-as-error type")]
    [DataRow("_instance = 3;", DisplayName = "CS0120 instance member in a static method")]
    [DataRow("throw;", DisplayName = "CS0156 rethrow outside catch")]
    [DataRow("const long k = wide;", DisplayName = "CS0133 non-constant const")]
    [DataRow("int big = 2147483647 + 1;", DisplayName = "CS0220 constant overflow")]
    [DataRow("var d = 1 / 0;", DisplayName = "CS0020 constant division by zero")]
    [DataRow("var t = (a: 1, a: 2);", DisplayName = "CS8127 duplicate tuple names")]
    [DataRow("switch (wide) { case 1: break; case 1: break; }", DisplayName = "CS0152 duplicate case label")]
    [DataRow("switch (wide) { case 1: Console.WriteLine(); case 2: break; }", DisplayName = "CS0163 fall-through")]
    [DataRow("switch (resource) { case object: break; case string: break; }", DisplayName = "CS8120 subsumed case")]
    [DataRow("var s = resource switch { _ => 1, int => 2 };", DisplayName = "CS8510 subsumed arm")]
    [DataRow("try { } finally { return 1; }", DisplayName = "CS0157 return in finally")]
    [DataRow("static int Local(int a) { if (a > 0) return 1; }", DisplayName = "CS0161 local function misses a return")]
    [DataRow("Func<int> f = () => { int z; return z; };", DisplayName = "CS0165 unassigned in a lambda")]
    public void ErrorIsReportedOnceAndTheMethodKeepsTheBuilderPath(string body)
    {
        GeneratorRun run = GeneratorHarness.RunOnce(GeneratorHarness.CreateDriver(), GeneratorHarness.CreateCompilation(Template.Replace("BODY", body)));

        Diagnostic[] generatedErrors = run.OutputCompilation.GetDiagnostics()
            .Where(static d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true)
            .ToArray();
        Assert.IsEmpty(generatedErrors, "The machine repeats the body's errors: " + string.Join("; ", generatedErrors.Select(static d => d.ToString())));
        Assert.IsTrue(run.GeneratorDiagnostics.Any(static d => d.Id == "CORO0009"), "The broken body should keep the builder path (CORO0009).");
    }

    [TestMethod]
    [DataRow("using (resource as IDisposable) { }")]
    [DataRow("await using (var r = new System.IO.MemoryStream()) { }")]
    [DataRow("foreach (int x in new object[] { 1 }) { }")]
    [DataRow("byte b = 1; b += 1; ushort us = 1; us <<= 1; char ch = 'a'; ch++;")]
    [DataRow("int i = (int)wide; long l = i;")]
    [DataRow("var (a, b) = (1, \"s\"); (long, object) t = (1, \"s\");")]
    [DataRow("lock (resource) { }")]
    [DataRow("Func<int, int> f = Math.Abs; int? n = 1; n += 2; double d = 1; float ff = 2; d += ff;")]
    [DataRow("foreach (var (x, y) in new[] { (1, 2) }) { }")]
    [DataRow("IEnumerable<object> e = new List<string>(); string? s = null; s ??= \"a\";")]
    [DataRow("switch (wide) { case 1: break; case 2: Console.WriteLine(); break; }")]
    [DataRow("Func<int> f = () => 1; static int Local(int a) => a; Console.WriteLine(f() + Local(2));")]
    [DataRow("const int k = 3; int big = k + 1; var t = (a: 1, b: 2); Console.WriteLine(big + t.a);")]
    [DataRow("try { } catch { throw; }")]
    [DataRow("try { } finally { for (int i = 0; i < 2; i++) { if (i > 0) break; } }")]
    [DataRow("var s = resource switch { int => 2, _ => 1 };")]
    public void ValidBodyIsLowered(string body)
    {
        GeneratorRun run = GeneratorHarness.RunOnce(GeneratorHarness.CreateDriver(), GeneratorHarness.CreateCompilation(Template.Replace("BODY", body)));

        Assert.IsEmpty(run.GeneratorDiagnostics, "Unexpected generator diagnostics: " + string.Join("; ", run.GeneratorDiagnostics.Select(static d => d.ToString())));
        Diagnostic[] errors = run.OutputCompilation.GetDiagnostics().Where(static d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.IsEmpty(errors, string.Join("; ", errors.Select(static d => d.ToString())));
    }
}
