// CORO0120 fix: rename the coroutine (and every reference) with the Renamer, adding or removing
// the "Async" suffix. Not offered when the type already has a member of the new name. Fix-all
// renames one coroutine after the other on the evolving solution.
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CoroGen.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Rename;

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>Renames a coroutine to follow the <c>coro_naming</c> policy.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CORO0120CoroutineNamingCodeFix))]
[Shared]
public sealed class CORO0120CoroutineNamingCodeFix : CoroCodeFix
{
    /// <summary>Equivalence key of the fix.</summary>
    public const string Key = "CORO0120.Rename";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.CoroutineNaming];

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    protected override bool NeedsSemanticModel => true;

    /// <inheritdoc/>
    protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (!diagnostic.Properties.TryGetValue(CORO0120CoroutineNamingAnalyzer.NewNameProperty, out string? newName)
            || newName is null
            || model!.GetDeclaredSymbol(root.FindToken(diagnostic.Location.SourceSpan.Start).Parent!, context.CancellationToken) is not IMethodSymbol method
            || method.ContainingType.GetMembers(newName).Any())
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create($"Rename to '{newName}'", ct => RenameAsync(context.Document.Project.Solution, method, newName, ct), Key),
            diagnostic);
    }

    private static Task<Solution> RenameAsync(Solution solution, IMethodSymbol method, string newName, CancellationToken cancellationToken) =>
        Renamer.RenameSymbolAsync(solution, method, new SymbolRenameOptions(), newName, cancellationToken);
}
