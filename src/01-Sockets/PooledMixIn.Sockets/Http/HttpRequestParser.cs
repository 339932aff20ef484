using System.Globalization;
using System.Text;

namespace PooledMixIn.Sockets.Http;

/// <summary>
/// Reads one request's line, headers and body from a stream, enforcing <see cref="HttpRequestLimits"/>. It reads
/// byte by byte from a buffered stream, so it never consumes bytes of the next pipelined request, and it does not
/// care how the bytes were split into segments on the wire.
/// </summary>
internal sealed class HttpRequestParser(HttpRequestLimits limits)
{
    private const int MaxLeadingEmptyLines = 4;
    private readonly byte[] _line = new byte[Math.Max(limits.MaxRequestLineLength, Math.Min(limits.MaxHeaderBytes, 64 * 1024)) + 2];

    /// <summary>How many bytes of the current request have been read; 0 means the client has not started one.</summary>
    public long BytesConsumed { get; private set; }

    #region parse-head
    /// <summary>Reads a request line and header section.</summary>
    /// <returns>The head, or <see langword="null"/> if the stream ended before a request began.</returns>
    /// <exception cref="HttpRequestRejectedException">The request is malformed or exceeds a limit.</exception>
    public HttpRequestHead? ReadHead(Stream input)
    {
        BytesConsumed = 0;
        string? requestLine = null;
        for (var skipped = 0; requestLine is null or { Length: 0 }; skipped++)
        {
            // RFC 9112 §2.2: a server should ignore at least one empty line before the request line.
            if (skipped > MaxLeadingEmptyLines)
            {
                throw new HttpRequestRejectedException(400, "Too many empty lines before the request line.");
            }

            requestLine = ReadLine(input, limits.MaxRequestLineLength, 414, "The request line is too long.");
            if (requestLine is null)
            {
                return BytesConsumed == 0 ? null : throw new HttpRequestRejectedException(400, "The request ended early.");
            }
        }

        var (method, target, version) = ParseRequestLine(requestLine);
        var headers = ReadHeaders(input);
        return new HttpRequestHead(method, target, version, headers);
    }
    #endregion

    /// <summary>Reads the body announced by <c>Content-Length</c>; an empty array when there is none.</summary>
    /// <exception cref="HttpRequestRejectedException">The length is invalid, too large, or the stream ended early.</exception>
    public byte[] ReadBody(Stream input, HttpRequestHead head)
    {
        if (head.GetHeader("Transfer-Encoding") is not null)
        {
            throw new HttpRequestRejectedException(501, "Transfer-Encoding is not supported; send a Content-Length.");
        }

        var length = ParseContentLength(head);
        if (length == 0)
        {
            return [];
        }

        var body = new byte[length];
        var read = 0;
        while (read < body.Length)
        {
            var n = input.Read(body, read, body.Length - read);
            if (n == 0)
            {
                throw new HttpRequestRejectedException(400, "The body is shorter than its Content-Length.");
            }

            read += n;
            BytesConsumed += n;
        }

        return body;
    }

    private long ParseContentLength(HttpRequestHead head)
    {
        long? length = null;
        foreach (var value in head.GetHeaders("Content-Length"))
        {
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
        return result > limits.MaxBodyLength
            ? throw new HttpRequestRejectedException(413, $"The body of {result} bytes exceeds the limit of {limits.MaxBodyLength}.")
            : result;
    }

    private static (string Method, string Target, string Version) ParseRequestLine(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 3)
        {
            throw new HttpRequestRejectedException(400, $"Bad request line '{line}'.");
        }

        var (method, target, version) = (parts[0], parts[1], parts[2]);
        if (!IsToken(method))
        {
            throw new HttpRequestRejectedException(400, $"Bad method '{method}'.");
        }

        if (target.Length == 0 || !target.All(c => c is > ' ' and < '\x7f'))
        {
            throw new HttpRequestRejectedException(400, "Bad request target.");
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

        // RFC 9110 §2.5: a 1.x minor version this server does not know is answered as the highest it does.
        return (method, target, version[7] is '0' ? "HTTP/1.0" : "HTTP/1.1");
    }

    private List<KeyValuePair<string, string>> ReadHeaders(Stream input)
    {
        var headers = new List<KeyValuePair<string, string>>();
        var headerBytesStart = BytesConsumed;
        while (true)
        {
            var budget = limits.MaxHeaderBytes - (int)(BytesConsumed - headerBytesStart);
            var line = ReadLine(input, Math.Max(budget, 0), 431, "The request's header fields are too large.")
                ?? throw new HttpRequestRejectedException(400, "The request ended inside its header section.");
            if (line.Length == 0)
            {
                return headers;
            }

            if (headers.Count == limits.MaxHeaderCount)
            {
                throw new HttpRequestRejectedException(431, $"More than {limits.MaxHeaderCount} header fields.");
            }

            headers.Add(ParseHeaderField(line));
        }
    }

    private static KeyValuePair<string, string> ParseHeaderField(string line)
    {
        if (line[0] is ' ' or '\t')
        {
            throw new HttpRequestRejectedException(400, "Obsolete header line folding is not accepted.");
        }

        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !IsToken(line.AsSpan(0, colon)))
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

    /// <summary>
    /// Reads one line ending in LF (an optional CR before it is dropped; RFC 9112 lets a server accept a bare LF).
    /// Returns <see langword="null"/> at end of stream before any byte of the line.
    /// </summary>
    private string? ReadLine(Stream input, int maxLength, int tooLongStatus, string tooLongMessage)
    {
        var length = 0;
        while (true)
        {
            var b = input.ReadByte();
            if (b < 0)
            {
                return length == 0 ? null : throw new HttpRequestRejectedException(400, "The request ended in the middle of a line.");
            }

            BytesConsumed++;
            if (b == '\n')
            {
                if (length > 0 && _line[length - 1] == '\r')
                {
                    length--;
                }

                var span = _line.AsSpan(0, length);
                if (span.Contains((byte)'\r'))
                {
                    throw new HttpRequestRejectedException(400, "A bare CR inside a line.");
                }

                // Latin-1 maps every byte to one char, so no byte is lost or rejected by decoding.
                return Encoding.Latin1.GetString(span);
            }

            // One byte of slack for the CR of a line of exactly the maximum length.
            if (length == maxLength + 1 || length == _line.Length)
            {
                throw new HttpRequestRejectedException(tooLongStatus, tooLongMessage);
            }

            _line[length++] = (byte)b;
        }
    }

    private static bool IsToken(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }
}
