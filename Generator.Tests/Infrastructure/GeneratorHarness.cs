// Runs CoroutineGenerator the way the compiler does and checks the properties every
// generator test relies on: the generator never throws, a second run on an identical
// (cloned) compilation is fully cached and produces the same output, and no pipeline step
// holds a Roslyn object (which would defeat caching and leak compilations in the IDE).
using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CoroGen.Generator.Tests.Infrastructure;

/// <summary>The outcome of one generator run.</summary>
internal sealed record GeneratorRun(
    CSharpCompilation InputCompilation,
    Compilation OutputCompilation,
    GeneratorDriver Driver,
    GeneratorDriverRunResult RunResult,
    ImmutableArray<GeneratedSourceResult> Sources,
    ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    /// <summary>Diagnostics of the compilation that includes the generated sources, warnings and up.</summary>
    public ImmutableArray<Diagnostic> CompilationProblems =>
        [.. OutputCompilation.GetDiagnostics().Where(static d => d.Severity >= DiagnosticSeverity.Warning)];

    /// <summary>All generated files, ordered by hint name, each under a <c>// ---- hintName</c> header.</summary>
    public string GeneratedText => string.Concat(
        Sources.OrderBy(static s => s.HintName, StringComparer.Ordinal)
            .Select(static s => $"// ---- {s.HintName}\n{s.SourceText}"));

    /// <summary>Asserts the generator reported nothing and the output compiles with no warnings or errors.</summary>
    public void AssertCompilesCleanly()
    {
        Assert.IsEmpty(GeneratorDiagnostics, "Generator diagnostics:\n" + string.Join("\n", GeneratorDiagnostics));
        ImmutableArray<Diagnostic> problems = CompilationProblems;
        Assert.IsEmpty(problems, "Compilation diagnostics:\n" + string.Join("\n", problems) + "\n\nGenerated:\n" + GeneratedText);
    }
}

/// <summary>Creates compilations and runs the generator over them.</summary>
internal static class GeneratorHarness
{
    /// <summary>Latest C#, with interceptors enabled in the generator's namespace as the repository's builds have them.</summary>
    public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest)
        .WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", "CoroGen.Generated")]);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    /// <summary>The net10.0 framework assemblies plus CoroGen.dll.</summary>
    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>Parses <paramref name="sources"/> as files <c>/src/Input{i}.cs</c> into a library compilation.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Tests",
            sources.Select((text, i) => ParseFile(text, i)),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                deterministic: true));

    /// <summary>Parses one source as <c>/src/Input{index}.cs</c>.</summary>
    public static SyntaxTree ParseFile(string text, int index = 0) =>
        CSharpSyntaxTree.ParseText(text, ParseOptions, path: $"/src/Input{index}.cs");

    /// <summary>A fresh driver with step tracking on.</summary>
    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new CoroutineGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>
    /// Runs the generator on <paramref name="sources"/>, asserts it did not throw, then runs
    /// it again on a clone and asserts every tracked step is cached with identical output and
    /// that no step output holds a Roslyn object.
    /// </summary>
    public static GeneratorRun Run(params string[] sources)
    {
        CSharpCompilation compilation = CreateCompilation(sources);
        GeneratorRun run = RunOnce(CreateDriver(), compilation);
        AssertNoRoslynObjects(run.RunResult);

        GeneratorRun again = RunOnce(run.Driver, (CSharpCompilation)compilation.Clone());
        AssertAllStepsCached(again.RunResult);
        Assert.AreEqual(run.GeneratedText, again.GeneratedText, "A second run on the same compilation produced different output.");
        return run;
    }

    /// <summary>Runs <paramref name="driver"/> once and asserts the generator did not throw.</summary>
    public static GeneratorRun RunOnce(GeneratorDriver driver, CSharpCompilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        GeneratorRunResult generator = result.Results.Single();
        Assert.IsNull(generator.Exception, $"The generator threw: {generator.Exception}");

        // CS8784/CS8785: the driver's own report that a generator failed to initialize or run.
        Diagnostic? crash = driverDiagnostics.Concat(result.Diagnostics).FirstOrDefault(static d => d.Id is "CS8784" or "CS8785");
        Assert.IsNull(crash, $"The generator failed: {crash}");

        return new GeneratorRun(compilation, output, driver, result, generator.GeneratedSources, generator.Diagnostics);
    }

    /// <summary>All outputs of the steps named <paramref name="trackingName"/>, with their run reasons.</summary>
    public static ImmutableArray<(object Value, IncrementalStepRunReason Reason)> StepOutputs(GeneratorDriverRunResult result, string trackingName) =>
        result.Results.Single().TrackedSteps.TryGetValue(trackingName, out ImmutableArray<IncrementalGeneratorRunStep> steps)
            ? [.. steps.SelectMany(static s => s.Outputs)]
            : [];

    /// <summary>Asserts every output of every step in <see cref="TrackingNames.All"/> is Cached or Unchanged.</summary>
    public static void AssertAllStepsCached(GeneratorDriverRunResult result)
    {
        foreach (string name in TrackingNames.All)
        {
            foreach ((object value, IncrementalStepRunReason reason) in StepOutputs(result, name))
            {
                Assert.IsTrue(
                    reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"Step '{name}' output {value} was {reason} on an identical compilation.");
            }
        }
    }

    /// <summary>Walks every tracked step output and fails if it reaches a Roslyn object.</summary>
    public static void AssertNoRoslynObjects(GeneratorDriverRunResult result)
    {
        foreach (string name in TrackingNames.All)
        {
            foreach ((object value, _) in StepOutputs(result, name))
            {
                Walk(value, $"{name}", new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static readonly Type[] s_forbidden =
        [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel), typeof(Location)];

    private static void Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is decimal)
        {
            return;
        }

        Type type = value.GetType();
        Type? forbidden = s_forbidden.FirstOrDefault(f => f.IsAssignableFrom(type));
        Assert.IsNull(forbidden, $"Pipeline model holds a Roslyn {forbidden?.Name} at {path}.");
        Assert.IsFalse(
            type.Assembly.GetName().Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal),
            $"Pipeline model holds the Roslyn type {type} at {path}.");

        if (!type.IsValueType && !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            int index = 0;
            foreach (object? item in sequence)
            {
                Walk(item, $"{path}[{index++}]", seen);
            }
        }

        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Walk(field.GetValue(value), $"{path}.{field.Name}", seen);
            }
        }
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        IEnumerable<string> framework = trusted.Split(Path.PathSeparator)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal));
        return [.. framework.Append(typeof(CoroGen.Coro).Assembly.Location).Distinct().Select(static path => MetadataReference.CreateFromFile(path))];
    }
}
