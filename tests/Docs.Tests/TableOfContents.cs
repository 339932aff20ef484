using System.Text.RegularExpressions;

namespace PooledMixIn.Docs.Tests;

/// <summary>Reads the <c>href</c> entries of a docfx <c>toc.yml</c>, enough to check that each one exists.</summary>
internal static partial class TableOfContents
{
    /// <summary>The local hrefs in <paramref name="tocFile"/>, in order (absolute URLs are left out).</summary>
    public static IReadOnlyList<string> Hrefs(string tocFile) =>
    [
        .. File.ReadLines(tocFile)
            .Select(line => Href().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups["href"].Value.Trim('"', '\''))
            .Where(href => !href.Contains("://", StringComparison.Ordinal)),
    ];

    [GeneratedRegex(@"^\s*-?\s*(?:href|topicHref)\s*:\s*(?<href>\S+)\s*$")]
    private static partial Regex Href();
}
