using System.Buffers.Text;

namespace PooledMixIn.Benchmark.Load;

/// <summary>
/// Decides whether the bytes received for one request are a whole, correct answer of an app's endpoint, such as
/// the ASP.NET Core sample's plain text and JSON: a <c>2xx</c> status and exactly the expected body, framed by
/// <c>Content-Length</c>, by chunks (as ASP.NET Core frames a body of unknown length, on Kestrel and on the pool
/// alike), or by the server's close. The demo's own answers are <see cref="ResponseVerifier"/>'s.
/// </summary>
internal static class AppResponseVerifier
{
    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    private static ReadOnlySpan<byte> LineEnd => "\r\n"u8;

    /// <param name="received">Everything received on this request so far.</param>
    /// <param name="peerClosed">Whether the server has closed its side.</param>
    /// <param name="expectedBody">The body a good answer has.</param>
    /// <param name="answer">For a good response, its length and whether the connection may be reused.</param>
    public static ResponseVerdict Examine(ReadOnlySpan<byte> received, bool peerClosed, ReadOnlySpan<byte> expectedBody, out DemoAnswer answer)
    {
        answer = default;
        var headLength = received.IndexOf(HeadEnd);
        if (headLength < 0)
        {
            return peerClosed && received.Length > 0 ? ResponseVerdict.BadStatus : ResponseVerdict.Incomplete;
        }

        headLength += HeadEnd.Length;
        if (!ResponseVerifier.TryParseHead(received[..headLength], out var status, out var contentLength, out var keepAlive, out var chunked)
            || status is < 200 or > 299)
        {
            return ResponseVerdict.BadStatus;
        }

        var rest = received[headLength..];
        ResponseVerdict verdict;
        int bodyFraming;
        if (chunked)
        {
            verdict = ExamineChunks(rest, expectedBody, out bodyFraming);
        }
        else if (contentLength >= 0)
        {
            bodyFraming = contentLength;
            verdict = rest.Length < contentLength ? ResponseVerdict.Incomplete
                : rest.Length > contentLength || !rest.SequenceEqual(expectedBody) ? ResponseVerdict.BadBody
                : ResponseVerdict.Good;
        }
        else
        {
            bodyFraming = rest.Length;
            keepAlive = false;
            verdict = !peerClosed ? ResponseVerdict.Incomplete : rest.SequenceEqual(expectedBody) ? ResponseVerdict.Good : ResponseVerdict.BadBody;
        }

        if (verdict == ResponseVerdict.Good)
        {
            answer = new DemoAnswer(headLength + bodyFraming, keepAlive, 0, default);
        }

        return verdict;
    }

    /// <summary>
    /// Reads <c>size CRLF data CRLF</c> chunks up to the last (size 0) and its empty trailer, comparing the data with
    /// <paramref name="expectedBody"/> as it goes; <paramref name="length"/> is how many bytes the chunks took.
    /// </summary>
    private static ResponseVerdict ExamineChunks(ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> expectedBody, out int length)
    {
        length = 0;
        var matched = 0;
        while (true)
        {
            var sizeEnd = chunks[length..].IndexOf(LineEnd);
            if (sizeEnd < 0)
            {
                return ResponseVerdict.Incomplete;
            }

            var sizeText = chunks.Slice(length, sizeEnd);
            if (!Utf8Parser.TryParse(sizeText, out int size, out var consumed, 'x') || consumed != sizeText.Length || size < 0)
            {
                return ResponseVerdict.BadBody; // the sample sends no chunk extensions
            }

            var dataStart = length + sizeEnd + LineEnd.Length;
            if (size == 0)
            {
                // The last chunk, no trailer fields, the final CRLF.
                if (chunks.Length < dataStart + LineEnd.Length)
                {
                    return ResponseVerdict.Incomplete;
                }

                length = dataStart + LineEnd.Length;
                return chunks.Slice(dataStart, LineEnd.Length).SequenceEqual(LineEnd) && chunks.Length == length && matched == expectedBody.Length
                    ? ResponseVerdict.Good
                    : ResponseVerdict.BadBody;
            }

            if (chunks.Length < dataStart + size + LineEnd.Length)
            {
                return ResponseVerdict.Incomplete;
            }

            if (matched + size > expectedBody.Length || !chunks.Slice(dataStart, size).SequenceEqual(expectedBody.Slice(matched, size))
                || !chunks.Slice(dataStart + size, LineEnd.Length).SequenceEqual(LineEnd))
            {
                return ResponseVerdict.BadBody;
            }

            matched += size;
            length = dataStart + size + LineEnd.Length;
        }
    }
}
