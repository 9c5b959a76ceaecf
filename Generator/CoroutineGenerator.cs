// The coroutine compiler's pipeline. Invariants: every step is named in TrackingNames;
// every value flowing between steps is an equatable model (Model/), never a Roslyn
// object, so unrelated edits leave the steps cached; the parser and emitter never throw.
// The only Compilation in the pipeline is combined with the (usually empty) diagnostics at
// the very end, to give them real source locations so #pragma can suppress them.
using System.Collections.Immutable;
using System.Linq;
using CoroGen.Generator.Interception;
using CoroGen.Generator.Lowering;
using CoroGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoroGen.Generator;

/// <summary>
/// Compiles <c>[Coroutine]</c> methods: for each implementing <c>async partial</c> declaration
/// the user writes, emits the defining partial declaration.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class CoroutineGenerator : IIncrementalGenerator
{
    /// <summary>The version written into <c>[GeneratedCode]</c>.</summary>
    internal const string Version = "0.1.0";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<CoroutineParseResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.CoroutineAttribute,
                predicate: static (node, _) => node is MethodDeclarationSyntax,
                transform: static (syntax, cancellationToken) => Parser.Parse(syntax, cancellationToken))
            .WithTrackingName(TrackingNames.ParseResults);

        IncrementalValuesProvider<CoroutineSpec> coroutines = results
            .SelectMany(static (result, _) => result.Spec is { } spec ? ImmutableArray.Create(spec) : ImmutableArray<CoroutineSpec>.Empty)
            .WithTrackingName(TrackingNames.Coroutines);

        IncrementalValuesProvider<DiagnosticInfo> diagnostics = results
            .SelectMany(static (result, _) => result.Diagnostics.AsImmutableArray())
            .WithTrackingName(TrackingNames.Diagnostics);

        // Inlining a callee's machine into its caller's is impossible around a call cycle (a
        // struct cannot contain itself): the whole graph decides which edges run boxed, and each
        // coroutine's output depends only on its own boxed edges, so it stays cached otherwise.
        IncrementalValueProvider<CallGraph> callGraph = coroutines
            .Select(static (spec, _) => CallGraph.Node.From(spec))
            .Collect()
            .Select(static (nodes, _) => CallGraph.Build(nodes))
            .WithTrackingName(TrackingNames.CallGraph);

        IncrementalValuesProvider<(CoroutineSpec Spec, EquatableArray<string> Boxed)> emissions = coroutines
            .Combine(callGraph)
            .Select(static (pair, _) => (pair.Left, pair.Right.BoxedCallees(pair.Left)))
            .WithTrackingName(TrackingNames.Emissions);

        context.RegisterSourceOutput(emissions, static (output, pair) => Emitter.AddSource(output, pair.Spec, pair.Boxed));

        // Calls from code the generator does not own (Main, tests, lambdas) start the machine
        // path through C# interceptors, when the project enabled them for our namespace.
        IncrementalValueProvider<bool> interceptorsEnabled = context.ParseOptionsProvider
            .Select(static (options, _) => InterceptorFinder.IsEnabled(options));
        IncrementalValueProvider<EquatableArray<string>> coroutineNames = coroutines
            .Select(static (spec, _) => spec.Name.TrimStart('@'))
            .Collect()
            .Select(static (names, _) => names.Distinct().OrderBy(static n => n, System.StringComparer.Ordinal).ToEquatableArray());
        IncrementalValueProvider<EquatableArray<string>> builderPathSites = results
            .Where(static result => result.BuilderPathSite is not null)
            .Select(static (result, _) => result.BuilderPathSite!)
            .Collect()
            .Select(static (sites, _) => sites.OrderBy(static s => s, System.StringComparer.Ordinal).ToEquatableArray());
        IncrementalValueProvider<EquatableArray<InterceptSpec>> interceptions = context.SyntaxProvider
            .CreateSyntaxProvider(
                predicate: static (node, _) => InterceptorFinder.IsCandidate(node),
                transform: static (syntax, _) => InterceptorFinder.Candidate(syntax.Node))
            .Collect()
            .Combine(coroutineNames)
            .Combine(builderPathSites)
            .Combine(context.CompilationProvider)
            .Combine(interceptorsEnabled)
            .Select(static (input, cancellationToken) => input.Right
                ? InterceptorFinder.FindAll(input.Left.Left.Left.Left, input.Left.Left.Left.Right, input.Left.Left.Right, input.Left.Right, cancellationToken)
                : EquatableArray<InterceptSpec>.Empty)
            .WithTrackingName(TrackingNames.Interceptions);

        context.RegisterSourceOutput(interceptions, static (output, sites) =>
        {
            if (sites.Count > 0)
            {
                output.AddSource(InterceptorEmitter.HintName, InterceptorEmitter.Emit(sites));
            }
        });

        context.RegisterSourceOutput(
            diagnostics.Combine(context.CompilationProvider),
            static (output, pair) => ReportDiagnostic(output, pair.Left, pair.Right));

        // CORO0122: a machine embeds the machines it awaits inline, so its size is known only
        // once the whole graph is (which edges are boxed).
        IncrementalValueProvider<int> frameLimit = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => FrameSizes.Limit(options.GlobalOptions));
        IncrementalValuesProvider<FrameSizes.Oversized> oversized = results
            .Where(static result => result.Frame is not null)
            .Select(static (result, _) => result.Frame!)
            .Collect()
            .Combine(callGraph)
            .Combine(frameLimit)
            .SelectMany(static (input, _) => FrameSizes.Check(input.Left.Left, input.Left.Right, input.Right).AsImmutableArray())
            .WithTrackingName(TrackingNames.OversizedFrames);

        context.RegisterSourceOutput(
            oversized.Combine(context.CompilationProvider),
            static (output, pair) => ReportOversized(output, pair.Left, pair.Right));
    }

    private static void ReportOversized(SourceProductionContext output, FrameSizes.Oversized oversized, Compilation compilation)
    {
        // The frame knows its file, line and column, not its span (so that edits elsewhere keep
        // it cached): find the method's name there.
        FrameSpec frame = oversized.Frame;
        Location? location = compilation.SyntaxTrees
            .Where(tree => tree.FilePath == frame.FilePath)
            .SelectMany(tree => tree.GetRoot(output.CancellationToken).DescendantNodes(static n => n is not (BlockSyntax or ArrowExpressionClauseSyntax)).OfType<MethodDeclarationSyntax>())
            .Where(method => method.Identifier.ValueText == frame.MethodName)
            .Select(static method => method.Identifier.GetLocation())
            .FirstOrDefault(l => l.GetLineSpan().StartLinePosition == new Microsoft.CodeAnalysis.Text.LinePosition(frame.Line, frame.Column));
        string largest = oversized.LargestCallee is null
            ? string.Empty
            : $"; the largest part is the inlined machine of '{oversized.LargestCallee}' ({oversized.LargestCalleeBytes} bytes)";
        output.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.FrameTooLarge,
            location ?? Location.None,
            frame.MethodName,
            oversized.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            oversized.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            largest));
    }

    private static void ReportDiagnostic(SourceProductionContext output, DiagnosticInfo info, Compilation compilation)
    {
        if (!DiagnosticDescriptors.ById.TryGetValue(info.Id, out DiagnosticDescriptor? descriptor))
        {
            return;
        }

        // A path shared by several trees (or no tree) cannot be mapped back: fall back to an
        // external location, which still shows the right file and line.
        SyntaxTree[] trees = compilation.SyntaxTrees.Where(tree => tree.FilePath == info.Location.FilePath).Take(2).ToArray();
        SyntaxTree? tree = trees.Length == 1 ? trees[0] : null;
        output.ReportDiagnostic(Diagnostic.Create(descriptor, info.Location.ToLocation(tree), info.MessageArgs.ToArray<object>()));
    }
}
