// The skeleton every CoroGen code fix shares: the batch fix-all, the syntax root (and the
// semantic model when asked for), and for each diagnostic the node at its span, handed to
// RegisterFixes. A fix that needs another node finds it from the root itself.
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>A code fix that registers its fixes diagnostic by diagnostic.</summary>
public abstract class CoroCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        SemanticModel? model = null;
        if (NeedsSemanticModel)
        {
            model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model is null)
            {
                return;
            }
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            RegisterFixes(context, root, model, diagnostic, node);
        }
    }

    /// <summary>Whether <see cref="RegisterFixes"/> needs the semantic model (it gets <see langword="null"/> otherwise).</summary>
    protected virtual bool NeedsSemanticModel => false;

    /// <summary>
    /// Registers the fixes for <paramref name="diagnostic"/>, whose span is <paramref name="node"/>
    /// (the innermost node on a tie). <paramref name="model"/> is not <see langword="null"/> when
    /// <see cref="NeedsSemanticModel"/> is <see langword="true"/>.
    /// </summary>
    protected abstract void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node);
}
