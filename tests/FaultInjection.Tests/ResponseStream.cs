using System.Globalization;
using System.Text;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// Checks that bytes a server sent are nothing but well-formed HTTP/1.1 responses, one after another (RFC 9112):
/// a status line <c>HTTP/1.1 DDD reason</c>, header fields <c>name: value</c>, an empty line, and a body of exactly
/// Content-Length bytes, or running to the close when there is none. Empty (a bare close) is well formed too.
/// </summary>
internal static class ResponseStream
{
    /// <summary>The status codes of the responses, or the reason the bytes are not well formed.</summary>
    /// <param name="bytes">Everything the server sent on one connection.</param>
    /// <param name="firstIsHead">Whether the first request was a HEAD, whose response has a Content-Length but no body.</param>
    public static (IReadOnlyList<int> Statuses, string? Problem) Check(byte[] bytes, bool firstIsHead = false)
    {
        var statuses = new List<int>();
        var text = Encoding.Latin1.GetString(bytes);
        var at = 0;
        while (at < text.Length)
        {
            var headEnd = text.IndexOf("\r\n\r\n", at, StringComparison.Ordinal);
            if (headEnd < 0)
            {
                return (statuses, $"response {statuses.Count + 1} has no complete head: '{Shorten(text[at..])}'");
            }

            var lines = text[at..headEnd].Split("\r\n");
            if (lines[0].Length < 13 || !lines[0].StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ||
                !int.TryParse(lines[0].AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) ||
                status is < 100 or > 599 || lines[0][12] != ' ')
            {
                return (statuses, $"response {statuses.Count + 1} has a malformed status line: '{Shorten(lines[0])}'");
            }

            long? length = null;
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || line[..colon].Any(c => c is <= ' ' or >= '\u007f'))
                {
                    return (statuses, $"response {statuses.Count + 1} has a malformed header line: '{Shorten(line)}'");
                }

                if (line[..colon].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    if (!long.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                    {
                        return (statuses, $"response {statuses.Count + 1} has a malformed Content-Length: '{Shorten(line)}'");
                    }

                    length = value;
                }
            }

            statuses.Add(status);
            var bodyStart = headEnd + 4;
            if (status is < 200 or 204 or 304 || (firstIsHead && statuses.Count == 1))
            {
                length = 0; // no body, whatever the header says (RFC 9112 section 6.3)
            }

            if (length is null)
            {
                return (statuses, null); // the body runs to the close
            }

            if (bodyStart + length.Value > text.Length)
            {
                return (statuses, $"response {statuses.Count} promised {length} body bytes and sent {text.Length - bodyStart}");
            }

            at = bodyStart + (int)length.Value;
        }

        return (statuses, null);
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
