namespace PooledMixIn.TestSupport;

/// <summary>A response as <see cref="RawHttpClient"/> read it off the wire.</summary>
/// <param name="StatusCode">The status code.</param>
/// <param name="Headers">The header fields in order.</param>
/// <param name="Body">The body.</param>
public sealed record HttpResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>The first value of a header, compared case-insensitively, or <see langword="null"/>.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
