namespace PooledMixIn.Sockets.Http;

/// <summary>A parsed request line and header section.</summary>
/// <param name="Method">The method token, case-sensitive as HTTP requires (<c>GET</c>, not <c>get</c>).</param>
/// <param name="Target">The request target as sent (usually an absolute path and query).</param>
/// <param name="Version">The protocol version, <c>HTTP/1.0</c> or <c>HTTP/1.1</c>.</param>
/// <param name="Headers">The header fields in the order received; names as sent, values without surrounding spaces.</param>
public sealed record HttpRequestHead(
    string Method,
    string Target,
    string Version,
    IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>The request line as received, without its line ending.</summary>
    public string RequestLine => $"{Method} {Target} {Version}";

    /// <summary>The first value of the header <paramref name="name"/> (compared case-insensitively), or <see langword="null"/>.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value, or <see langword="null"/> when the header is absent.</returns>
    public string? GetHeader(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Every value of the header <paramref name="name"/>, compared case-insensitively, in order.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The values; empty when the header is absent.</returns>
    public IEnumerable<string> GetHeaders(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);
}
