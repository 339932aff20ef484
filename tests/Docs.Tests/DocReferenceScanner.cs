using System.Globalization;
using System.Text.RegularExpressions;

namespace PooledMixIn.Docs.Tests;

/// <summary>
/// Finds docfx's file references in Markdown: code snippets (<c>[!code-csharp[](path#region)]</c>, also with
/// <c>?name=region</c> or <c>#L1-L9</c>) and includes (<c>[!INCLUDE [title](path)]</c>). Fenced code blocks are
/// skipped, so an article can show the syntax without it being checked.
/// </summary>
internal static partial class DocReferenceScanner
{
    /// <summary>Returns every reference in <paramref name="markdown"/>, which was read from <paramref name="article"/>.</summary>
    public static IReadOnlyList<DocReference> Scan(string article, string markdown)
    {
        var references = new List<DocReference>();
        var lines = markdown.Split('\n');
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                var marker = trimmed[..3];
                fence = fence is null ? marker : fence == marker ? null : fence;
                continue;
            }

            if (fence is not null)
            {
                continue;
            }

            foreach (Match match in CodeReference().Matches(line))
            {
                references.Add(ParseCode(article, i + 1, match.Groups["path"].Value));
            }

            foreach (Match match in IncludeReference().Matches(line))
            {
                references.Add(new DocReference(article, i + 1, DocReferenceKind.Include, match.Groups["path"].Value, null, null));
            }
        }

        return references;
    }

    private static DocReference ParseCode(string article, int line, string pathAndQuery)
    {
        var path = pathAndQuery;
        string? region = null;
        (int, int)? range = null;

        var question = path.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            var query = path[(question + 1)..];
            path = path[..question];
            foreach (var pair in query.Split('&'))
            {
                if (pair.StartsWith("name=", StringComparison.Ordinal))
                {
                    region = pair["name=".Length..];
                }
            }
        }

        var hash = path.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            var fragment = path[(hash + 1)..];
            path = path[..hash];
            var lineRange = LineRange().Match(fragment);
            if (lineRange.Success)
            {
                var first = int.Parse(lineRange.Groups["first"].Value, CultureInfo.InvariantCulture);
                var last = lineRange.Groups["last"].Success
                    ? int.Parse(lineRange.Groups["last"].Value, CultureInfo.InvariantCulture)
                    : first;
                range = (first, last);
            }
            else
            {
                region = fragment;
            }
        }

        return new DocReference(article, line, DocReferenceKind.Code, path, region, range);
    }

    // [!code-csharp[title](path#region "tooltip")] and [!code[title](path)]; the title may be empty.
    [GeneratedRegex("""\[!code(?:-[\w+#.-]+)?\[[^\]]*\]\((?<path>[^\s)"]+)(?:\s+"[^"]*")?\)\]""", RegexOptions.IgnoreCase)]
    private static partial Regex CodeReference();

    // [!INCLUDE [title](path)], in any letter case, with or without the space.
    [GeneratedRegex("""\[!include\s*\[[^\]]*\]\((?<path>[^\s)"]+)(?:\s+"[^"]*")?\)\]""", RegexOptions.IgnoreCase)]
    private static partial Regex IncludeReference();

    [GeneratedRegex("^L(?<first>[0-9]+)(?:-L(?<last>[0-9]+))?$")]
    private static partial Regex LineRange();
}
