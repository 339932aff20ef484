namespace PooledMixIn.Sockets.Http;

/// <summary>Character classes of RFC 9110 §5.6 shared by the parser and the chunked decoder.</summary>
internal static class HttpSyntax
{
    /// <summary>Whether <paramref name="c"/> is a <c>tchar</c>: a character allowed in a token (method, field name).</summary>
    public static bool IsTokenChar(int c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    /// <summary>Whether <paramref name="value"/> is a non-empty token.</summary>
    public static bool IsToken(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a comma-separated list such as a <c>Connection</c> value contains <paramref name="token"/>.</summary>
    public static bool ListContains(string list, string token)
    {
        var items = list.AsSpan();
        foreach (var part in items.Split(','))
        {
            if (items[part].Trim(" \t").Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
