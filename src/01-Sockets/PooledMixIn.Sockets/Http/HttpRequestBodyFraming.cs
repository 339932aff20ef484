using System.Globalization;

namespace PooledMixIn.Sockets.Http;

/// <summary>
/// How a request's body is delimited (RFC 9112 §6.3): by the chunked coding, by <c>Content-Length</c>, or not at all.
/// <see cref="Of"/> decides it from the head and refuses every request whose length cannot be determined with
/// certainty, because a server and a proxy that disagree on where a body ends can be made to see two different
/// requests in the same bytes (request smuggling).
/// </summary>
/// <param name="IsChunked">The body is chunked; read it with <see cref="HttpChunkedDecoder"/>.</param>
/// <param name="ContentLength">The body's length when it is not chunked; 0 means no body.</param>
public readonly record struct HttpRequestBodyFraming(bool IsChunked, long ContentLength)
{
    /// <summary>Whether the request has a body to read.</summary>
    public bool HasBody => IsChunked || ContentLength > 0;

    #region body-framing
    /// <summary>Determines how the body of <paramref name="head"/> is framed.</summary>
    /// <param name="head">The request's head.</param>
    /// <param name="limits">The limits; a <c>Content-Length</c> over <see cref="HttpRequestLimits.MaxBodyLength"/> is refused.</param>
    /// <returns>The framing.</returns>
    /// <exception cref="HttpRequestRejectedException">
    /// 400 for framing that is invalid or ambiguous, 501 for a transfer coding this server does not implement, 413
    /// for a <c>Content-Length</c> over the limit.
    /// </exception>
    public static HttpRequestBodyFraming Of(HttpRequestHead head, HttpRequestLimits limits)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(limits);
        var codings = head.GetHeaders("Transfer-Encoding").ToList();
        var lengths = head.GetHeaders("Content-Length").ToList();
        if (codings.Count == 0)
        {
            return new(false, ParseContentLength(lengths, limits.MaxBodyLength));
        }

        // §6.1: Transfer-Encoding arrived with HTTP/1.1; in a 1.0 message its framing is faulty by definition.
        if (head.Version == "HTTP/1.0")
        {
            throw new HttpRequestRejectedException(400, "Transfer-Encoding in an HTTP/1.0 request.");
        }

        // §6.1: a request with both may be refused; whatever is done, a proxy may have read it by the other one.
        if (lengths.Count > 0)
        {
            throw new HttpRequestRejectedException(400, "Both Transfer-Encoding and Content-Length.");
        }

        var names = codings.SelectMany(c => c.Split(',')).Select(c => c.Trim().Trim('\t')).Where(c => c.Length > 0).ToList();
        if (names.Count == 0 || !names.All(n => HttpSyntax.IsToken(n)))
        {
            throw new HttpRequestRejectedException(400, "Malformed Transfer-Encoding.");
        }

        // §6.3 rule 4: unless chunked is the final coding, the body's length cannot be known: 400, then close.
        if (!names[^1].Equals("chunked", StringComparison.OrdinalIgnoreCase))
        {
            throw new HttpRequestRejectedException(400, "Transfer-Encoding does not end in chunked.");
        }

        // §7.1: chunked is applied once; §6.1: a coding the server does not understand gets 501.
        if (names.Count > 1)
        {
            return names.Take(names.Count - 1).Any(n => n.Equals("chunked", StringComparison.OrdinalIgnoreCase))
                ? throw new HttpRequestRejectedException(400, "chunked applied more than once.")
                : throw new HttpRequestRejectedException(501, $"Transfer coding '{names[0]}' is not implemented.");
        }

        return new(true, 0);
    }
    #endregion

    private static long ParseContentLength(List<string> values, long maxBodyLength)
    {
        long? length = null;
        foreach (var value in values)
        {
            // 1*DIGIT only (§8.6): no sign, no spaces inside, no list; a duplicate line must repeat the same number.
            if (value.Length == 0 || value.Length > 19 || !value.All(char.IsAsciiDigit) ||
                !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                throw new HttpRequestRejectedException(400, $"Invalid Content-Length '{value}'.");
            }

            if (length is { } previous && previous != parsed)
            {
                throw new HttpRequestRejectedException(400, "Conflicting Content-Length headers.");
            }

            length = parsed;
        }

        var result = length ?? 0;
        return result > maxBodyLength
            ? throw new HttpRequestRejectedException(413, $"The body of {result} bytes exceeds the limit of {maxBodyLength}.")
            : result;
    }
}
