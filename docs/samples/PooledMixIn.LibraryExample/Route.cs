namespace PooledMixIn.LibraryExample;

/// <summary>
/// One entry of <see cref="ExampleHandler"/>'s routing table: a path template (literal segments, and at most one
/// <c>{name}</c> as the last one) and a handler method per HTTP method.
/// </summary>
/// <param name="Template">The path, such as <c>/visits</c> or <c>/cache/{key}</c>.</param>
/// <param name="Methods">The handler method for each HTTP method the path allows.</param>
internal sealed record Route(string Template, IReadOnlyDictionary<string, Action<ExampleHandler, string>> Methods)
{
    private readonly string _prefix = Template.EndsWith('}') ? Template[..(Template.LastIndexOf('/') + 1)] : Template;

    /// <summary>Whether <paramref name="path"/> fits the template; <paramref name="value"/> is its <c>{name}</c> segment, or empty.</summary>
    public bool Matches(string path, out string value)
    {
        value = "";
        if (_prefix.Length == Template.Length)
        {
            return path == Template;
        }

        if (!path.StartsWith(_prefix, StringComparison.Ordinal) || path.Length == _prefix.Length || path.IndexOf('/', _prefix.Length) >= 0)
        {
            return false;
        }

        value = Uri.UnescapeDataString(path[_prefix.Length..]);
        return true;
    }

    /// <summary>The value of an <c>Allow</c> header: the methods of this path, with HEAD wherever GET is.</summary>
    public string Allow => string.Join(", ", Methods.ContainsKey("GET") ? Methods.Keys.Append("HEAD") : Methods.Keys);
}
