namespace PooledMixIn.Docs.Tests;

/// <summary>The checks run over the real docs/ folder.</summary>
public sealed class SiteSourceTests
{
    [Fact]
    public void Every_snippet_and_include_resolves_to_a_file_and_a_non_empty_region()
    {
        var references = RepositoryLayout.MarkdownFiles()
            .SelectMany(article => DocReferenceScanner.Scan(article, File.ReadAllText(article)))
            .ToList();

        var problems = references.Select(DocReferenceChecker.Problem).OfType<string>().ToList();

        references.Should().Contain(r => r.Kind == DocReferenceKind.Code, "the tutorial pulls its code from the sources");
        problems.Should().BeEmpty("every snippet include must render real code; docfx shows a misspelled region as an empty block");
    }

    [Fact]
    public void Every_code_snippet_names_a_region_rather_than_line_numbers()
    {
        // Line numbers drift silently when the code changes; a named region moves with it. Source code is always
        // shown by region; a small data file (the coverage floors) may be shown whole, never by lines.
        var byLines = RepositoryLayout.MarkdownFiles()
            .SelectMany(article => DocReferenceScanner.Scan(article, File.ReadAllText(article)))
            .Where(r => r.Kind == DocReferenceKind.Code
                && (r.LineRange is not null || (r.Region is null && r.Target.EndsWith(".cs", StringComparison.Ordinal))))
            .Select(r => r.ToString())
            .ToList();

        byLines.Should().BeEmpty();
    }

    [Fact]
    public void Every_entry_of_every_table_of_contents_exists()
    {
        var tocFiles = Directory.EnumerateFiles(RepositoryLayout.Docs, "toc.yml", SearchOption.AllDirectories)
            .Where(path => !RepositoryLayout.IsGenerated(path))
            .ToList();
        var generatedApiFolder = GeneratedApiFolder();

        var missing = new List<string>();
        foreach (var toc in tocFiles)
        {
            var folder = Path.GetDirectoryName(toc)!;
            foreach (var href in TableOfContents.Hrefs(toc))
            {
                var target = Path.GetFullPath(Path.Combine(folder, href));
                var exists = href.EndsWith('/')
                    ? File.Exists(Path.Combine(target, "toc.yml")) || string.Equals(target.TrimEnd('/'), generatedApiFolder, StringComparison.Ordinal)
                    : File.Exists(target);
                if (!exists)
                {
                    missing.Add($"{Path.GetRelativePath(RepositoryLayout.Root, toc)}: {href}");
                }
            }
        }

        tocFiles.Should().Contain(path => path.EndsWith(Path.Combine("articles", "toc.yml"), StringComparison.Ordinal));
        missing.Should().BeEmpty();
    }

    [Fact]
    public void Every_article_appears_in_the_tutorial_table_of_contents()
    {
        var articles = Path.Combine(RepositoryLayout.Docs, "articles");
        var listed = TableOfContents.Hrefs(Path.Combine(articles, "toc.yml"));

        var unlisted = Directory.EnumerateFiles(articles, "*.md")
            .Select(Path.GetFileName)
            .Where(name => !listed.Contains(name!))
            .ToList();

        unlisted.Should().BeEmpty("an article missing from the table of contents is built but unreachable");
    }

    [Fact]
    public void The_chapters_come_in_reading_order()
    {
        var listed = TableOfContents.Hrefs(Path.Combine(RepositoryLayout.Docs, "articles", "toc.yml"));

        listed.Should().Equal(
            "introduction.md",
            "layer-1-sockets.md",
            "layer-2-threading.md",
            "layer-3-preforking.md",
            "layer-4-ipc.md",
            "layer-5-pooled.md",
            "layer-5-operations.md",
            "results.md",
            "not-for.md",
            "using-the-library.md",
            "aspnetcore-on-the-pool.md",
            "production.md",
            "testing.md",
            "reading-the-code.md",
            "glossary.md");
    }

    private static string GeneratedApiFolder()
    {
        // The API folder is produced by `docfx metadata` (dest in docfx.json), so the table of contents may point at it.
        var docfxJson = File.ReadAllText(Path.Combine(RepositoryLayout.Docs, "docfx.json"));
        docfxJson.Should().Contain("\"dest\": \"api\"");
        return Path.Combine(RepositoryLayout.Docs, "api");
    }
}
