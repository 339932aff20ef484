namespace PooledMixIn.Docs.Tests;

/// <summary>
/// Decides whether a reference will render as something: the file exists, and the region or line range it names
/// exists in it and holds at least one line that is not blank. docfx itself fails the build (with
/// <c>--warningsAsErrors</c>) only for a missing file; a misspelled region silently renders an empty code block.
/// </summary>
internal static class DocReferenceChecker
{
    /// <summary>Returns why <paramref name="reference"/> is broken, or <see langword="null"/> if it is sound.</summary>
    public static string? Problem(DocReference reference)
    {
        var path = reference.ResolvedPath;
        if (!File.Exists(path))
        {
            return $"{reference}: file {Path.GetRelativePath(RepositoryLayout.Root, path)} does not exist";
        }

        var lines = File.ReadAllLines(path);
        if (reference.LineRange is { } range)
        {
            return range.First < 1 || range.Last < range.First || range.Last > lines.Length
                ? $"{reference}: lines {range.First}-{range.Last} are not within the file's {lines.Length} lines"
                : HasText(lines[(range.First - 1)..range.Last]) ? null : $"{reference}: lines {range.First}-{range.Last} are blank";
        }

        if (reference.Region is not { } name)
        {
            return HasText(lines) ? null : $"{reference}: the file is empty";
        }

        IReadOnlyList<string>? body;
        try
        {
            body = SnippetRegion.Find(lines, name);
        }
        catch (FormatException exception)
        {
            return $"{reference}: {exception.Message}";
        }

        return body switch
        {
            null => $"{reference}: no '#region {name}' in {Path.GetFileName(path)}",
            _ when !HasText(body) => $"{reference}: region '{name}' is empty",
            _ => null,
        };
    }

    private static bool HasText(IEnumerable<string> lines) => lines.Any(line => !string.IsNullOrWhiteSpace(line));
}
