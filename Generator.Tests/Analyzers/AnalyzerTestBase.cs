// Shared set-up of the analyzer, suppressor and code-fix tests (Microsoft.CodeAnalysis.Testing
// 1.1.4 verifiers with DefaultVerifier, which throws plain exceptions MSTest reports).
//
// Offline references: the ReferenceAssemblies.Net.* presets download reference packs through
// NuGet at test time. Instead the test project is an empty ReferenceAssemblies("net10.0")
// (nothing to resolve) plus, as AdditionalReferences, the reference assemblies of the SDK's own
// targeting pack (dotnet/packs/Microsoft.NETCore.App.Ref/<10.x>/ref/net10.0) -- or, if no pack is
// installed, the runtime's trusted platform assemblies -- and CoroGen.dll.
//
// The coroutine generator runs in every test (GetSourceGenerators), so sources are real
// `[Coroutine] private static async partial Coro M()` declarations; its output is not compared.
using System.Collections.Immutable;
using CoroGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CoroGen.Generator.Tests.Analyzers;

/// <summary>References and options shared by every analyzer test.</summary>
internal static class AnalyzerTestBase
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    /// <summary>Nothing to download: the real references are <see cref="References"/>.</summary>
    public static ReferenceAssemblies NoPackages { get; } = new("net10.0");

    /// <summary>The .NET 10 reference assemblies and CoroGen.dll.</summary>
    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>Applies the shared references and generator to <paramref name="test"/>.</summary>
    public static void Configure<TVerifier>(AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = NoPackages;
        test.TestState.AdditionalReferences.AddRange(References);
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;

        // The generator's note that a body stays on the builder path is not what rule tests check.
        test.DisabledDiagnostics.Add("CORO0009");
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        IEnumerable<string> framework = FindReferencePack() is { } pack
            ? Directory.EnumerateFiles(pack, "*.dll")
            : ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(static path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal)
                    || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll" or "Microsoft.Win32.Primitives.dll");
        return [.. framework.Append(typeof(Coro).Assembly.Location).Select(static path => MetadataReference.CreateFromFile(path))];
    }

    // <dotnet root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll → <dotnet root>/packs/Microsoft.NETCore.App.Ref/<highest 10.x>/ref/net10.0
    private static string? FindReferencePack()
    {
        string? root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(object).Assembly.Location))));
        string packs = Path.Combine(root ?? "", "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs))
        {
            return null;
        }

        return Directory.EnumerateDirectories(packs)
            .Select(static dir => (Dir: dir, Version: Version.TryParse(Path.GetFileName(dir).Split('-')[0], out Version? v) ? v : null))
            .Where(static x => x.Version is { Major: 10 })
            .OrderByDescending(static x => x.Version)
            .Select(static x => Path.Combine(x.Dir, "ref", "net10.0"))
            .FirstOrDefault(Directory.Exists);
    }
}

/// <summary>An analyzer (or suppressor) test over CoroGen code.</summary>
internal sealed class CoroAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public CoroAnalyzerTest() => AnalyzerTestBase.Configure(this);

    protected override IEnumerable<Type> GetSourceGenerators() => [typeof(CoroutineGenerator)];
}

/// <summary>A code-fix test over CoroGen code; the framework also checks fix-all (batch) in every scope.</summary>
internal sealed class CoroCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public CoroCodeFixTest() => AnalyzerTestBase.Configure(this);

    protected override IEnumerable<Type> GetSourceGenerators() => [typeof(CoroutineGenerator)];
}

/// <summary>Entry points the rule tests call.</summary>
internal static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Runs the analyzer over <paramref name="source"/>; markup gives the expected diagnostics.</summary>
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CoroAnalyzerTest<TAnalyzer> { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Applies <typeparamref name="TCodeFix"/> to every diagnostic in <paramref name="source"/> (one by one and as fix-all).</summary>
    public static Task CodeFixAsync<TCodeFix>(string source, string fixedSource, string? equivalenceKey = null)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CoroCodeFixTest<TAnalyzer, TCodeFix>
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
        };

        // Diagnostics the fix leaves (no fix for that member) are marked up in the fixed code too.
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }
}
