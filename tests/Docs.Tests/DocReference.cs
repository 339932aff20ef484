namespace PooledMixIn.Docs.Tests;

/// <summary>The two ways an article pulls in another file.</summary>
internal enum DocReferenceKind
{
    /// <summary><c>[!code-lang[](path#region)]</c>: a piece of source code.</summary>
    Code,

    /// <summary><c>[!INCLUDE [title](path)]</c>: a Markdown fragment.</summary>
    Include,
}

/// <summary>One file reference found in an article.</summary>
/// <param name="Article">The Markdown file that makes the reference.</param>
/// <param name="Line">The 1-based line it is on.</param>
/// <param name="Kind">Code snippet or include.</param>
/// <param name="Target">The path as written, relative to the article (or to docs/ when it starts with <c>~/</c>).</param>
/// <param name="Region">The named region or snippet tag, when the reference names one.</param>
/// <param name="LineRange">A <c>#L10-L20</c> line range, when the reference uses one instead of a region.</param>
internal sealed record DocReference(
    string Article,
    int Line,
    DocReferenceKind Kind,
    string Target,
    string? Region,
    (int First, int Last)? LineRange)
{
    /// <summary>The referenced file's full path.</summary>
    public string ResolvedPath => Target.StartsWith("~/", StringComparison.Ordinal)
        ? Path.GetFullPath(Path.Combine(RepositoryLayout.Docs, Target[2..]))
        : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Article)!, Target));

    /// <inheritdoc />
    public override string ToString() =>
        $"{Path.GetRelativePath(RepositoryLayout.Root, Article)}:{Line}: {Target}{(Region is null ? "" : "#" + Region)}";
}
