using System.Text.RegularExpressions;

namespace PooledMixIn.Docs.Tests;

/// <summary>
/// The "Reading the code" page maps every layer's files and follows one connection through them. A file that is
/// renamed or removed must not leave the map pointing at nothing, so every path the page names must exist.
/// </summary>
public sealed partial class ReadingTheCodeTests
{
    [Fact]
    public void Every_path_the_reading_the_code_page_names_exists()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryLayout.Docs, "articles", "reading-the-code.md"));

        var named = RepositoryPath().Matches(page).Select(m => m.Groups["path"].Value).Distinct(StringComparer.Ordinal).ToList();
        var missing = named
            .Where(path => !File.Exists(Path.Combine(RepositoryLayout.Root, path)) && !Directory.Exists(Path.Combine(RepositoryLayout.Root, path)))
            .ToList();

        named.Should().HaveCountGreaterThan(40, "the page maps the files of five layers");
        named.Should().Contain(path => path.EndsWith(".cs", StringComparison.Ordinal));
        missing.Should().BeEmpty();
    }

    [Fact]
    public void A_repository_path_is_recognised_in_backticks_and_a_type_name_is_not()
    {
        var text = "`src/01-Sockets/PooledMixIn.Sockets/SocketServer.cs`, `tests/Docs.Tests/` and `SocketServer`";

        RepositoryPath().Matches(text).Select(m => m.Groups["path"].Value)
            .Should().Equal("src/01-Sockets/PooledMixIn.Sockets/SocketServer.cs", "tests/Docs.Tests/");
    }

    // A path from the repository's root, in backticks: src/…, tests/… or docs/…, a file or a folder.
    [GeneratedRegex(@"`(?<path>(?:src|tests|docs)/[A-Za-z0-9._/-]+)`")]
    private static partial Regex RepositoryPath();
}
