namespace PooledMixIn.Sockets.Http;

/// <summary>
/// A request target taken apart (RFC 9112 §3.2): the path, percent-decoded, and the query, as sent. The handler's
/// <see cref="BaseHttpRequestHandler.Path"/> stays the raw target, as Python's <c>path</c> is; this is what
/// Python's <c>urllib.parse.urlsplit</c> and <c>unquote</c> would make of it.
/// </summary>
/// <param name="Path">
/// The path, percent-decoded (<c>/a%20b</c> becomes <c>/a b</c>); for an absolute-form target, the path after its
/// authority; <c>*</c> for the asterisk-form of <c>OPTIONS *</c>.
/// </param>
/// <param name="Query">The query after the <c>?</c>, not decoded; empty when there is none.</param>
public sealed record HttpRequestTarget(string Path, string Query)
{
    /// <summary>Takes a request target apart.</summary>
    /// <param name="target">The target as the request line carries it.</param>
    /// <returns>Its path and query.</returns>
    public static HttpRequestTarget Parse(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target == "*")
        {
            return new("*", "");
        }

        var rest = target.AsSpan();
        if (IsAbsoluteForm(target))
        {
            var authorityStart = target.IndexOf("://", StringComparison.Ordinal) + 3;
            var pathStart = rest[authorityStart..].IndexOfAny('/', '?');
            rest = pathStart < 0 ? "/" : rest[(authorityStart + pathStart)..];
        }

        var fragment = rest.IndexOf('#');
        if (fragment >= 0)
        {
            rest = rest[..fragment];
        }

        var question = rest.IndexOf('?');
        var path = question < 0 ? rest : rest[..question];
        var query = question < 0 ? [] : rest[(question + 1)..];
        return new(Uri.UnescapeDataString(path.IsEmpty ? "/" : path), query.ToString());
    }

    /// <summary>
    /// The query's <c>name=value</c> pairs in order, decoded as HTML forms encode them (<c>+</c> is a space):
    /// Python's <c>urllib.parse.parse_qsl</c>.
    /// </summary>
    /// <returns>The pairs; a name without <c>=</c> has an empty value.</returns>
    public IReadOnlyList<KeyValuePair<string, string>> GetQueryParameters()
    {
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var pair in Query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            parameters.Add(new(Decode(name), Decode(value)));
        }

        return parameters;
    }

    /// <summary>Whether <paramref name="target"/> is in absolute-form: <c>http://</c> or <c>https://</c>, any case.</summary>
    internal static bool IsAbsoluteForm(string target) =>
        target.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static string Decode(string component) => Uri.UnescapeDataString(component.Replace('+', ' '));
}
