using System.Buffers.Text;
using System.Text;

namespace PooledMixIn.Benchmark.Load;

/// <summary>
/// Decides whether the bytes received for one request are a whole, correct answer of the demo protocol:
/// <c>HTTP/1.x 200</c>, framed by <c>Content-Length</c> (or by the server's close), with the body
/// <c>PPID=[n] PID=[n] thread=[t] uri=[path] from [addr]\n</c> for exactly the path requested.
/// A fast server that answers anything else does not count, so it cannot win.
/// </summary>
internal static class ResponseVerifier
{
    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    /// <param name="received">Everything received on this request so far.</param>
    /// <param name="peerClosed">Whether the server has closed its side (then a response without a length ends here).</param>
    /// <param name="expectedUri">The request target, which the body must echo.</param>
    /// <param name="answer">For a good response, its length and who served it.</param>
    public static ResponseVerdict Examine(ReadOnlySpan<byte> received, bool peerClosed, ReadOnlySpan<byte> expectedUri, out DemoAnswer answer)
    {
        answer = default;
        var headLength = received.IndexOf(HeadEnd);
        if (headLength < 0)
        {
            return peerClosed && received.Length > 0 ? ResponseVerdict.BadStatus : ResponseVerdict.Incomplete;
        }

        headLength += HeadEnd.Length;
        if (!TryParseHead(received[..headLength], out var status, out var contentLength, out var keepAlive, out var chunked))
        {
            return ResponseVerdict.BadStatus;
        }

        if (status != 200)
        {
            return ResponseVerdict.BadStatus;
        }

        if (chunked)
        {
            return ResponseVerdict.BadBody; // the demos never chunk; a server that does is not speaking the protocol
        }

        int responseLength;
        if (contentLength >= 0)
        {
            responseLength = headLength + contentLength;
            if (received.Length < responseLength)
            {
                return ResponseVerdict.Incomplete;
            }

            if (received.Length > responseLength)
            {
                return ResponseVerdict.BadBody; // one request, one response: anything more is garbage
            }
        }
        else
        {
            if (!peerClosed)
            {
                return ResponseVerdict.Incomplete; // no length: the server's close ends the body
            }

            responseLength = received.Length;
            keepAlive = false;
        }

        if (!TryParseDemoLine(received[headLength..responseLength], expectedUri, out var processId, out var thread))
        {
            return ResponseVerdict.BadBody;
        }

        answer = new DemoAnswer(responseLength, keepAlive, processId, new Range(headLength + thread.Start.Value, headLength + thread.End.Value));
        return ResponseVerdict.Good;
    }

    /// <summary>Checks the demo line's shape and path; returns the PID and the thread field's range within <paramref name="body"/>.</summary>
    public static bool TryParseDemoLine(ReadOnlySpan<byte> body, ReadOnlySpan<byte> expectedUri, out int processId, out Range thread)
    {
        var position = 0;
        thread = default;
        processId = 0;
        return Literal(body, ref position, "PPID=["u8)
            && Number(body, ref position, out _)
            && Literal(body, ref position, "] PID=["u8)
            && Number(body, ref position, out processId) && processId > 0
            && Literal(body, ref position, "] thread=["u8)
            && Field(body, ref position, out thread)
            && Literal(body, ref position, "] uri=["u8)
            && Literal(body, ref position, expectedUri)
            && Literal(body, ref position, "] from ["u8)
            && Field(body, ref position, out _)
            && Literal(body, ref position, "]\n"u8)
            && position == body.Length;
    }

    /// <summary>Parses a response head: status, <c>Content-Length</c> (-1 if absent), keep-alive and chunked framing.</summary>
    internal static bool TryParseHead(ReadOnlySpan<byte> head, out int status, out int contentLength, out bool keepAlive, out bool chunked)
    {
        status = 0;
        contentLength = -1;
        keepAlive = false;
        chunked = false;

        // Status line: HTTP/1.x SP 3DIGIT SP reason CRLF
        var lineEnd = head.IndexOf("\r\n"u8);
        var line = head[..lineEnd];
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != (byte)' '
            || !Utf8Parser.TryParse(line.Slice(9, 3), out status, out var consumed) || consumed != 3)
        {
            return false;
        }

        // HTTP/1.1 keeps the connection unless told otherwise; HTTP/1.0 closes it unless told otherwise.
        keepAlive = line[7] == (byte)'1';
        var rest = head[(lineEnd + 2)..];
        while (rest.Length > 2)
        {
            lineEnd = rest.IndexOf("\r\n"u8);
            var field = rest[..lineEnd];
            rest = rest[(lineEnd + 2)..];
            var colon = field.IndexOf((byte)':');
            if (colon <= 0)
            {
                return false;
            }

            var name = field[..colon];
            var value = field[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out contentLength, out consumed) || consumed != value.Length || contentLength < 0)
                {
                    return false;
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                keepAlive = Ascii.EqualsIgnoreCase(value, "keep-alive"u8) || (keepAlive && !Ascii.EqualsIgnoreCase(value, "close"u8));
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = true;
            }
        }

        return true;
    }

    private static bool Literal(ReadOnlySpan<byte> text, ref int position, ReadOnlySpan<byte> literal)
    {
        if (!text[position..].StartsWith(literal))
        {
            return false;
        }

        position += literal.Length;
        return true;
    }

    private static bool Number(ReadOnlySpan<byte> text, ref int position, out int value)
    {
        value = 0;
        if (position >= text.Length || !char.IsAsciiDigit((char)text[position])
            || !Utf8Parser.TryParse(text[position..], out value, out var consumed))
        {
            return false;
        }

        position += consumed;
        return true;
    }

    /// <summary>A non-empty field running to the next ']' on the same line.</summary>
    private static bool Field(ReadOnlySpan<byte> text, ref int position, out Range range)
    {
        var length = text[position..].IndexOfAny((byte)']', (byte)'\n');
        range = default;
        if (length <= 0 || text[position + length] != (byte)']')
        {
            return false;
        }

        range = new Range(position, position + length);
        position += length;
        return true;
    }
}
