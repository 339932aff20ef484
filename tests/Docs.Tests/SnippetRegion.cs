namespace PooledMixIn.Docs.Tests;

/// <summary>
/// Finds a named snippet in a source file the way docfx does: between <c>#region name</c> and its matching
/// <c>#endregion</c> (nested regions count), or between the tags <c>// &lt;name&gt;</c> and <c>// &lt;/name&gt;</c>.
/// </summary>
internal static class SnippetRegion
{
    /// <summary>
    /// The region's lines without the marker lines of any nested region, or <see langword="null"/> if the file has no
    /// region of that name.
    /// </summary>
    /// <exception cref="FormatException">The region is opened twice or never closed.</exception>
    public static IReadOnlyList<string>? Find(IReadOnlyList<string> lines, string name)
    {
        var starts = Enumerable.Range(0, lines.Count).Where(i => OpensRegion(lines[i], name) || OpensTag(lines[i], name)).ToList();
        if (starts.Count == 0)
        {
            return null;
        }

        if (starts.Count > 1)
        {
            throw new FormatException($"region '{name}' is opened {starts.Count} times (lines {string.Join(", ", starts.Select(s => s + 1))})");
        }

        var start = starts[0];
        var isTag = OpensTag(lines[start], name);
        var depth = 1;
        var body = new List<string>();
        for (var i = start + 1; i < lines.Count; i++)
        {
            var trimmed = lines[i].Trim();
            if (isTag)
            {
                if (trimmed == $"// </{name}>")
                {
                    return body;
                }
            }
            else if (IsRegionStart(trimmed))
            {
                depth++;
                continue;
            }
            else if (IsRegionEnd(trimmed))
            {
                if (--depth == 0)
                {
                    return body;
                }

                continue;
            }

            body.Add(lines[i]);
        }

        throw new FormatException($"region '{name}' opened on line {start + 1} is never closed");
    }

    private static bool OpensRegion(string line, string name)
    {
        var trimmed = line.Trim();
        return IsRegionStart(trimmed) && trimmed["#region".Length..].Trim() == name;
    }

    private static bool OpensTag(string line, string name) => line.Trim() == $"// <{name}>";

    private static bool IsRegionStart(string trimmed) =>
        trimmed.StartsWith("#region", StringComparison.Ordinal) &&
        (trimmed.Length == "#region".Length || char.IsWhiteSpace(trimmed["#region".Length]));

    private static bool IsRegionEnd(string trimmed) => trimmed.StartsWith("#endregion", StringComparison.Ordinal);
}
