// CORO0025: ConfigureAwait on something a coroutine awaits (`await t.ConfigureAwait(false)`,
// `await foreach (... in xs.ConfigureAwait(false))`, `await using (r.ConfigureAwait(false))`).
// In a coroutine it is at best a no-op that says the opposite of what happens: CoroGen resumes
// every coroutine on its loop thread (foreign awaiters resume through the loop's thread-safe
// inbox), whatever the awaiter's context setting. Code after it that relies on running off-loop
// (to block, say) is wrong, and library habits (CA2007, VSTHRD111) should not leak into loop code.
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CoroGen.Analyzers.Rules;

/// <summary>Reports <c>ConfigureAwait(...)</c> on an expression awaited inside a coroutine.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CORO0025ConfigureAwaitInCoroutineAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property set when removing the call keeps the meaning (not with <c>ConfigureAwaitOptions.SuppressThrowing</c>).</summary>
    public const string RemovableProperty = "Removable";

    /// <summary>The rule.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        id: DiagnosticIds.ConfigureAwaitInCoroutine,
        title: "ConfigureAwait in a coroutine",
        messageFormat: "'ConfigureAwait' has no effect in a coroutine, which always resumes on its event loop thread; remove the call",
        category: DiagnosticCategories.Awaiting,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A coroutine always continues on its event loop thread after an await, whatever the awaiter's context setting. ConfigureAwait(false) in a coroutine suggests the code after it runs off the loop, which it does not.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.ConfigureAwaitInCoroutine));

    // ConfigureAwaitOptions.SuppressThrowing changes what the await does; removing it is not a no-op.
    private const long SuppressThrowing = 2;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            KnownTypes? types = KnownTypes.TryCreate(start.Compilation);
            if (types is null)
            {
                return;
            }

            start.RegisterOperationAction(context => Analyze(context, types), OperationKind.Await, OperationKind.Loop, OperationKind.Using, OperationKind.UsingDeclaration);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        IOperation? awaited = context.Operation switch
        {
            IAwaitOperation await => await.Operation,
            IForEachLoopOperation { IsAsynchronous: true } loop => loop.Collection,
            IUsingOperation { IsAsynchronous: true } @using => @using.Resources,
            IUsingDeclarationOperation { IsAsynchronous: true } declaration => declaration.DeclarationGroup,
            _ => null,
        };
        if (awaited is null || !LoopContext.IsInCoroutine(context.Operation, context.ContainingSymbol, types))
        {
            return;
        }

        foreach (IOperation value in Values(awaited))
        {
            if (LoopContext.WalkDownConversions(value) is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Arguments.Length: > 0 } configure)
            {
                ImmutableDictionary<string, string?> properties = IsRemovable(configure)
                    ? ImmutableDictionary<string, string?>.Empty.Add(RemovableProperty, "true")
                    : ImmutableDictionary<string, string?>.Empty;
                context.ReportDiagnostic(Diagnostic.Create(Rule, configure.Syntax.GetLocation(), properties));
            }
        }
    }

    // The awaited value, or each initializer of an `await using` declaration.
    private static ImmutableArray<IOperation> Values(IOperation awaited)
    {
        if (awaited is IVariableDeclarationGroupOperation group)
        {
            ImmutableArray<IOperation>.Builder values = ImmutableArray.CreateBuilder<IOperation>();
            foreach (IVariableDeclarationOperation declaration in group.Declarations)
            {
                foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                {
                    if (declarator.Initializer?.Value is { } value)
                    {
                        values.Add(value);
                    }
                }

                if (declaration.Initializer?.Value is { } shared)
                {
                    values.Add(shared);
                }
            }

            return values.ToImmutable();
        }

        return [awaited];
    }

    // ConfigureAwait(bool) or ConfigureAwait(<constant options without SuppressThrowing>), called
    // on a receiver (an instance method such as Task.ConfigureAwait, or an extension method such
    // as IAsyncEnumerable<T>.ConfigureAwait / IAsyncDisposable.ConfigureAwait).
    private static bool IsRemovable(IInvocationOperation configure)
    {
        bool hasReceiver = configure.Instance is { IsImplicit: false }
            || (configure.TargetMethod.IsExtensionMethod && configure.Arguments.Length == 2);
        if (!hasReceiver)
        {
            return false;
        }

        IOperation argument = configure.Arguments[configure.Arguments.Length - 1].Value;
        return argument.Type?.SpecialType == SpecialType.System_Boolean
            || (argument.ConstantValue is { HasValue: true, Value: { } value } && (System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) & SuppressThrowing) == 0);
    }
}
