using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace PooledMixIn.Sockets.Http;

/// <summary>
/// Parses a request head (request line and header fields, RFC 9112 §2–5) from bytes already received. It never
/// reads: a caller that has buffered some bytes asks whether they hold a complete head, and reads more only when
/// they do not. So a blocking handler and an event loop that parks connections until their head has arrived use
/// the same parser, and it does not matter how the bytes were split into segments on the wire.
/// </summary>
/// <remarks>
/// Everything that makes a head invalid is refused with <see cref="HttpRequestRejectedException"/> as soon as the
/// bytes show it, even before the head is complete: a request line over the limit gets 414 (501 when it is the
/// method that is too long, §3), header fields over the limits 431, and any syntax error 400.
/// </remarks>
public static class HttpRequestParser
{
    private const int MaxLeadingEmptyLines = 4;
    private static readonly System.Buffers.SearchValues<char> s_ipLiteral = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF:.");

    /// <summary>
    /// Whether <paramref name="buffered"/> holds a complete head: the blank line that ends it has arrived. It
    /// checks nothing else; <see cref="TryParseHead"/> does.
    /// </summary>
    /// <param name="buffered">The bytes received so far.</param>
    /// <returns>Whether the head's end is in the buffer.</returns>
    public static bool IsHeadComplete(ReadOnlySpan<byte> buffered)
    {
        var start = 0;
        while (start < buffered.Length && buffered[start] is (byte)'\r' or (byte)'\n')
        {
            start++; // leading empty lines (§2.2)
        }

        var rest = buffered[start..];
        return rest.IndexOf("\n\r\n"u8) >= 0 || rest.IndexOf("\n\n"u8) >= 0;
    }

    #region parse-head
    /// <summary>Parses a head from the start of <paramref name="buffered"/>, if it is all there.</summary>
    /// <param name="buffered">The bytes received so far, starting where the request starts.</param>
    /// <param name="limits">The size limits to enforce.</param>
    /// <param name="head">The head, when the method returns <see langword="true"/>.</param>
    /// <param name="consumed">How many bytes the head took, up to and including its blank line; the body follows.</param>
    /// <returns><see langword="true"/> with a head; <see langword="false"/> when more bytes are needed.</returns>
    /// <exception cref="HttpRequestRejectedException">The bytes cannot be the start of a valid request.</exception>
    public static bool TryParseHead(
        ReadOnlySpan<byte> buffered,
        HttpRequestLimits limits,
        [NotNullWhen(true)] out HttpRequestHead? head,
        out int consumed)
    {
        ArgumentNullException.ThrowIfNull(limits);
        (head, consumed) = (null, 0);
        var position = SkipLeadingEmptyLines(buffered);
        if (position < 0)
        {
            return false;
        }

        var requestLine = NextLine(buffered, ref position, limits.MaxRequestLineLength);
        if (requestLine is null)
        {
            return false;
        }

        var (method, target, version) = ParseRequestLine(requestLine);
        var headers = new List<KeyValuePair<string, string>>();
        var headerStart = position;
        while (true)
        {
            var budget = limits.MaxHeaderBytes - (position - headerStart);
            var line = NextLine(buffered, ref position, budget, tooLongStatus: 431);
            if (line is null)
            {
                return false;
            }

            if (line.Length == 0)
            {
                break;
            }

            if (headers.Count == limits.MaxHeaderCount)
            {
                throw new HttpRequestRejectedException(431, $"More than {limits.MaxHeaderCount} header fields.");
            }

            headers.Add(ParseHeaderField(line));
        }

        head = new HttpRequestHead(method, target, version, headers);
        CheckHost(head);
        consumed = position;
        return true;
    }
    #endregion

    /// <summary>Skips up to <see cref="MaxLeadingEmptyLines"/> empty lines (§2.2); -1 if the buffer ends inside them.</summary>
    private static int SkipLeadingEmptyLines(ReadOnlySpan<byte> buffered)
    {
        var position = 0;
        for (var skipped = 0; position < buffered.Length; skipped++)
        {
            var length = buffered[position..] switch
            {
                [(byte)'\r', (byte)'\n', ..] => 2,
                [(byte)'\n', ..] => 1,
                [(byte)'\r'] => -1,
                _ => 0,
            };
            if (length == 0)
            {
                return position;
            }

            if (length < 0)
            {
                return -1;
            }

            if (skipped == MaxLeadingEmptyLines)
            {
                throw new HttpRequestRejectedException(400, "Too many empty lines before the request line.");
            }

            position += length;
        }

        return -1;
    }

    /// <summary>
    /// The next line ending in LF (an optional CR before it is dropped; §2.2 lets a server accept a bare LF), as
    /// Latin-1, which maps every byte to one char; <see langword="null"/> when its end has not arrived yet.
    /// </summary>
    private static string? NextLine(ReadOnlySpan<byte> buffered, ref int position, int maxLength, int tooLongStatus = 414)
    {
        var rest = buffered[position..];
        var end = rest.IndexOf((byte)'\n');
        var lineEnd = end < 0 ? rest.Length : end;
        var length = lineEnd > 0 && rest[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        if (length > maxLength)
        {
            throw TooLong(rest[..(maxLength + 1)], tooLongStatus);
        }

        if (end < 0)
        {
            return null;
        }

        var line = rest[..length];
        if (line.Contains((byte)'\r'))
        {
            throw new HttpRequestRejectedException(400, "A bare CR inside a line.");
        }

        position += end + 1;
        return Encoding.Latin1.GetString(line);
    }

    private static HttpRequestRejectedException TooLong(ReadOnlySpan<byte> line, int status)
    {
        if (status == 431)
        {
            return new(431, "The request's header fields are too large.");
        }

        // §3: a method longer than any the server implements gets 501; a long target gets 414.
        return line.IndexOf((byte)' ') < 0
            ? new(501, "The method is longer than any this server implements.")
            : new(414, "The request line is too long.");
    }

    private static (string Method, string Target, string Version) ParseRequestLine(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 3)
        {
            throw new HttpRequestRejectedException(400, $"Bad request line '{line}'.");
        }

        var (method, target, version) = (parts[0], parts[1], parts[2]);
        if (!HttpSyntax.IsToken(method))
        {
            throw new HttpRequestRejectedException(400, $"Bad method '{method}'.");
        }

        if (version.Length != 8 || !version.StartsWith("HTTP/", StringComparison.Ordinal) ||
            !char.IsAsciiDigit(version[5]) || version[6] != '.' || !char.IsAsciiDigit(version[7]))
        {
            throw new HttpRequestRejectedException(400, $"Bad HTTP version '{version}'.");
        }

        if (version[5] != '1')
        {
            throw new HttpRequestRejectedException(505, $"HTTP version {version[5..]} is not supported.");
        }

        CheckTarget(method, target);

        // RFC 9110 §2.5: a 1.x minor version this server does not know is answered as the highest it does.
        return (method, target, version[7] is '0' ? "HTTP/1.0" : "HTTP/1.1");
    }

    /// <summary>§3.2: origin-form, absolute-form, or asterisk-form for OPTIONS; CONNECT's authority-form is left to dispatch (501).</summary>
    private static void CheckTarget(string method, string target)
    {
        if (target.Length == 0 || target.AsSpan().ContainsAnyExceptInRange('!', '~')) // visible ASCII only
        {
            throw new HttpRequestRejectedException(400, "Bad request target.");
        }

        var valid = method == "CONNECT"
            || target[0] == '/'
            || (target == "*" && method == "OPTIONS")
            || HttpRequestTarget.IsAbsoluteForm(target);
        if (!valid)
        {
            throw new HttpRequestRejectedException(400, $"Bad request target for {method}.");
        }
    }

    private static KeyValuePair<string, string> ParseHeaderField(string line)
    {
        if (line[0] is ' ' or '\t')
        {
            throw new HttpRequestRejectedException(400, "Obsolete header line folding is not accepted.");
        }

        // §5.1: no whitespace between the name and the colon, or a proxy may read a different name.
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !HttpSyntax.IsToken(line.AsSpan(0, colon)))
        {
            throw new HttpRequestRejectedException(400, "Bad header field name.");
        }

        var value = line.AsSpan(colon + 1).Trim(" \t");
        foreach (var c in value)
        {
            if (c is < ' ' and not '\t' or '\x7f')
            {
                throw new HttpRequestRejectedException(400, "Control character in a header field value.");
            }
        }

        return new(line[..colon], value.ToString());
    }

    /// <summary>§3.2: an HTTP/1.1 request has exactly one Host, whose value is a valid <c>uri-host [ ":" port ]</c>.</summary>
    private static void CheckHost(HttpRequestHead head)
    {
        string? host = null;
        var count = 0;
        for (var i = 0; i < head.Headers.Count; i++) // indexed: nothing allocated for the common case of one Host
        {
            var (name, value) = head.Headers[i];
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                (host, count) = (value, count + 1);
            }
        }

        if (count > 1)
        {
            throw new HttpRequestRejectedException(400, "More than one Host header.");
        }

        if (host is null)
        {
            if (head.Version == "HTTP/1.1")
            {
                throw new HttpRequestRejectedException(400, "An HTTP/1.1 request needs a Host header.");
            }

            return;
        }

        if (!IsValidHost(host))
        {
            throw new HttpRequestRejectedException(400, "Invalid Host header.");
        }
    }

    private static bool IsValidHost(string value)
    {
        if (value.Length == 0)
        {
            return true; // §3.2: a target without an authority is sent with an empty Host
        }

        var port = value.AsSpan();
        if (value[0] == '[')
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || value.AsSpan(1, close - 1).ContainsAnyExcept(s_ipLiteral))
            {
                return false;
            }

            port = port[(close + 1)..];
        }
        else
        {
            var colon = value.LastIndexOf(':');
            var name = colon < 0 ? port : port[..colon];
            foreach (var c in name)
            {
                // reg-name: unreserved / pct-encoded / sub-delims (RFC 3986 §3.2.2); no userinfo, path or space.
                if (!(char.IsAsciiLetterOrDigit(c) || "-._~%!$&'()*+,;=".Contains(c, StringComparison.Ordinal)))
                {
                    return false;
                }
            }

            port = colon < 0 ? [] : port[colon..];
        }

        return port.IsEmpty || (port[0] == ':' && !port[1..].ContainsAnyExceptInRange('0', '9'));
    }
}
