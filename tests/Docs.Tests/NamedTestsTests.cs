using System.Text.RegularExpressions;

namespace PooledMixIn.Docs.Tests;

/// <summary>
/// The chapters name the tests that guard each layer. A test that is renamed or removed must not leave the tutorial
/// pointing at nothing, so every test name an article mentions must exist in the test sources.
/// </summary>
public sealed partial class NamedTestsTests
{
    [Fact]
    public void Every_test_an_article_names_exists_in_the_tests()
    {
        var testSources = string.Join('\n', Directory
            .EnumerateFiles(Path.Combine(RepositoryLayout.Root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path))
            .Select(File.ReadAllText));
        var declared = Declaration().Matches(testSources).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

        var mentioned = RepositoryLayout.MarkdownFiles()
            .SelectMany(article => TestName().Matches(File.ReadAllText(article))
                .Select(m => (Article: Path.GetFileName(article), Name: m.Groups["name"].Value)))
            .ToList();
        var missing = mentioned.Where(m => !declared.Contains(m.Name)).Select(m => $"{m.Article}: {m.Name}").Distinct().ToList();

        mentioned.Should().NotBeEmpty("the chapters name the tests that guard each layer");
        missing.Should().BeEmpty();
    }

    [Fact]
    public void A_test_name_is_recognised_in_backticks_and_an_ordinary_identifier_is_not()
    {
        var text = "`A_worker_killed_with_SIGKILL_is_replaced` and `ServeForever` and `TCP_NODELAY`";

        TestName().Matches(text).Select(m => m.Groups["name"].Value)
            .Should().Equal("A_worker_killed_with_SIGKILL_is_replaced");
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ||
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    // Test names read as sentences: a capital, then at least three underscore-separated words, in backticks.
    [GeneratedRegex(@"`(?<name>[A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+){3,})`")]
    private static partial Regex TestName();

    // A method declaration: `void Name(`, `Task Name(` or `Property Name(`.
    [GeneratedRegex(@"\b(?:void|Task|Property)\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(")]
    private static partial Regex Declaration();
}
