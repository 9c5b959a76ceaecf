// Shared by the fixes of the generator contract (CORO0001, CORO0002, CORO0003, CORO0007,
// CORO0008): modifier and attribute edits on a method and its enclosing type declarations,
// each idempotent, and a fix-all that applies every diagnostic of a document through one
// DocumentEditor. Several diagnostics often ask for the same edit (two coroutines in one
// non-partial class both report CORO0001 on it; CORO0002 reports "not async" and "not partial"
// on the same name), so edits are merged on the syntax tree instead of as text changes.
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace CoroGen.Analyzers.CodeFixes;

/// <summary>A fix that edits the declaration of a coroutine (or of its containing types).</summary>
public abstract class CoroutineDeclarationFix : CoroCodeFix
{
    /// <inheritdoc/>
    public sealed override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (fixAll, document, diagnostics) =>
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(fixAll.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return null;
            }

            DocumentEditor editor = await DocumentEditor.CreateAsync(document, fixAll.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (GetTitle(root, diagnostic) is not null)
                {
                    Edit(editor, root, diagnostic);
                }
            }

            return editor.GetChangedDocument();
        });

    /// <inheritdoc/>
    protected sealed override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, SyntaxNode node)
    {
        if (GetTitle(root, diagnostic) is { } title)
        {
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => FixAsync(context.Document, diagnostic, ct), EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The equivalence key of the fix (one fix per provider).</summary>
    protected abstract string EquivalenceKey { get; }

    /// <summary>The title of the fix for <paramref name="diagnostic"/>, or <see langword="null"/> when there is none.</summary>
    protected abstract string? GetTitle(SyntaxNode root, Diagnostic diagnostic);

    /// <summary>Records the edits for <paramref name="diagnostic"/> (idempotent: the same edit twice is one edit).</summary>
    protected abstract void Edit(SyntaxEditor editor, SyntaxNode root, Diagnostic diagnostic);

    /// <summary>The method declaration whose name (or return type) <paramref name="diagnostic"/> points at.</summary>
    protected static MethodDeclarationSyntax? MethodAt(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>();

    /// <summary>Adds <c>partial</c> to <paramref name="type"/> and every type declaration enclosing it.</summary>
    protected static void MakeTypesPartial(SyntaxEditor editor, TypeDeclarationSyntax type)
    {
        foreach (TypeDeclarationSyntax declaration in type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>())
        {
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                editor.ReplaceNode(declaration, static (current, _) =>
                {
                    var typeDeclaration = (TypeDeclarationSyntax)current;
                    return typeDeclaration.Modifiers.Any(SyntaxKind.PartialKeyword)
                        ? typeDeclaration
                        : AddLast(typeDeclaration, typeDeclaration.Modifiers, typeDeclaration.Keyword, SyntaxKind.PartialKeyword, static (t, m) => ((TypeDeclarationSyntax)t).WithModifiers(m));
                });
            }
        }
    }

    /// <summary>Whether <paramref name="method"/> has <c>public</c>, <c>private</c>, <c>protected</c> or <c>internal</c>.</summary>
    protected static bool HasAccessibility(MethodDeclarationSyntax method) =>
        method.Modifiers.Any(static m => m.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword or SyntaxKind.InternalKeyword);

    /// <summary>
    /// The accessibility an omitted modifier means: <c>public</c> in an interface, otherwise
    /// <c>private</c>. Writing it out keeps the method's meaning.
    /// </summary>
    protected static SyntaxKind DefaultAccessibility(MethodDeclarationSyntax method) =>
        method.Parent is InterfaceDeclarationSyntax ? SyntaxKind.PublicKeyword : SyntaxKind.PrivateKeyword;

    /// <summary>Adds the default accessibility (first), <c>async</c> (before <c>partial</c>) or <c>partial</c> (last) when missing.</summary>
    protected static MethodDeclarationSyntax WithModifier(MethodDeclarationSyntax method, SyntaxKind kind)
    {
        if (kind is SyntaxKind.PrivateKeyword or SyntaxKind.PublicKeyword)
        {
            return HasAccessibility(method) ? method : AddFirst(method, kind);
        }

        if (method.Modifiers.Any(kind))
        {
            return method;
        }

        if (kind == SyntaxKind.AsyncKeyword && method.Modifiers.IndexOf(SyntaxKind.PartialKeyword) is int partial and >= 0)
        {
            // `partial` must stay last: `static partial` → `static async partial`.
            SyntaxToken partialToken = method.Modifiers[partial];
            SyntaxToken asyncToken = SyntaxFactory.Token(partialToken.LeadingTrivia, SyntaxKind.AsyncKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            SyntaxTokenList modifiers = method.Modifiers.Replace(partialToken, partialToken.WithLeadingTrivia()).Insert(partial, asyncToken);
            return method.WithModifiers(modifiers);
        }

        return (MethodDeclarationSyntax)AddLast(method, method.Modifiers, method.ReturnType.GetFirstToken(), kind, static (m, list) => ((MethodDeclarationSyntax)m).WithModifiers(list));
    }

    /// <summary>Adds <c>[Coroutine]</c> as the method's first attribute list, on its own line.</summary>
    protected static MethodDeclarationSyntax WithCoroutineAttribute(MethodDeclarationSyntax method)
    {
        SyntaxToken first = method.GetFirstToken();
        SyntaxTriviaList leading = first.LeadingTrivia;
        int lastLineEnd = -1;
        for (int i = 0; i < leading.Count; i++)
        {
            if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia) || leading[i].IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia))
            {
                lastLineEnd = i;
            }
        }

        SyntaxTriviaList indentation = SyntaxFactory.TriviaList(leading.Skip(lastLineEnd + 1).Where(static t => t.IsKind(SyntaxKind.WhitespaceTrivia)));
        AttributeListSyntax attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Attribute(SyntaxFactory.ParseName("global::CoroGen.Coroutine").WithAdditionalAnnotations(Simplifier.Annotation))))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(EndOfLine(method));
        method = method.ReplaceToken(first, first.WithLeadingTrivia(indentation));
        return method.WithAttributeLists(method.AttributeLists.Insert(0, attribute));
    }

    /// <summary>The line ending the document uses (the first one found), or <c>\n</c>.</summary>
    protected static SyntaxTrivia EndOfLine(SyntaxNode node)
    {
        foreach (SyntaxTrivia trivia in node.SyntaxTree.GetRoot().DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia;
            }
        }

        return SyntaxFactory.LineFeed;
    }

    private async Task<Document> FixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        Edit(editor, root, diagnostic);
        return editor.GetChangedDocument();
    }

    // `kind` right before `next` (the type keyword or return type), i.e. last among the modifiers.
    private static SyntaxNode AddLast(SyntaxNode node, SyntaxTokenList modifiers, SyntaxToken next, SyntaxKind kind, System.Func<SyntaxNode, SyntaxTokenList, SyntaxNode> withModifiers)
    {
        if (modifiers.Count > 0)
        {
            return withModifiers(node, modifiers.Add(SyntaxFactory.Token(SyntaxFactory.TriviaList(), kind, SyntaxFactory.TriviaList(SyntaxFactory.Space))));
        }

        SyntaxToken token = SyntaxFactory.Token(next.LeadingTrivia, kind, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        node = node.ReplaceToken(next, next.WithLeadingTrivia());
        return withModifiers(node, SyntaxFactory.TokenList(token));
    }

    private static MethodDeclarationSyntax AddFirst(MethodDeclarationSyntax method, SyntaxKind kind)
    {
        SyntaxToken next = method.Modifiers.Count > 0 ? method.Modifiers[0] : method.ReturnType.GetFirstToken();
        SyntaxToken token = SyntaxFactory.Token(next.LeadingTrivia, kind, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        method = method.ReplaceToken(next, next.WithLeadingTrivia());
        return method.WithModifiers(method.Modifiers.Insert(0, token));
    }
}
