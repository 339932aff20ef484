namespace PooledMixIn.Docs.Tests;

/// <summary>Where the repository and its docs folder are, found from the test assembly's location.</summary>
internal static class RepositoryLayout
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The repository's root: the folder holding Tutorial.sln.</summary>
    public static string Root => s_root.Value;

    /// <summary>The docfx project folder.</summary>
    public static string Docs => Path.Combine(Root, "docs");

    /// <summary>
    /// Every Markdown file docfx reads: articles, includes and the home page. Generated and output folders are left
    /// out (the API pages are generated from XML docs, and the build itself checks those).
    /// </summary>
    public static IReadOnlyList<string> MarkdownFiles() =>
    [
        .. Directory.EnumerateFiles(Docs, "*.md", SearchOption.AllDirectories)
            .Where(path => !IsGenerated(path))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Whether <paramref name="path"/> lies in a folder the build or the checks generate.</summary>
    public static bool IsGenerated(string path)
    {
        var first = Path.GetRelativePath(Docs, path).Split(Path.DirectorySeparatorChar)[0];
        return first is "_site" or "api" or "_site-screenshots" or "obj" or "bin";
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tutorial.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Tutorial.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
