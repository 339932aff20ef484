using System.Globalization;
using System.Text;

namespace PooledMixIn.Sockets.Http;

/// <content>Sending the response: Python's <c>send_*</c> family, and the framing every response gets.</content>
public abstract partial class BaseHttpRequestHandler
{
    #region send-response
    /// <summary>
    /// Starts a response: the status line and the <c>Server</c> and <c>Date</c> headers. Python's
    /// <c>send_response</c>. Follow with <see cref="SendHeader"/> calls and <see cref="EndHeaders"/>.
    /// </summary>
    /// <param name="code">The status code.</param>
    /// <param name="message">The reason phrase; the standard one when omitted.</param>
    public void SendResponse(int code, string? message = null)
    {
        LogRequest(code);
        SendResponseOnly(code, message);
        SendHeader("Server", ServerVersion);
        SendHeader("Date", HttpDate.Now);
    }

    /// <summary>Sends only the status line: Python's <c>send_response_only</c>.</summary>
    /// <param name="code">The status code.</param>
    /// <param name="message">The reason phrase; the standard one when omitted.</param>
    public void SendResponseOnly(int code, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 999);
        _response = new ResponseState { Status = code };
        Span<char> digits = stackalloc char[3];
        code.TryFormat(digits, out _, provider: CultureInfo.InvariantCulture);
        WriteLatin1(ProtocolVersion);
        WriteLatin1(" ");
        WriteLatin1(digits);
        WriteLatin1(" ");
        WriteLatin1(message ?? HttpStatusPhrases.Get(code));
        WriteLatin1("\r\n");
    }

    /// <summary>
    /// Sends one header field: Python's <c>send_header</c>. <c>Connection: close</c> also sets
    /// <see cref="CloseConnection"/>, and <c>Connection: keep-alive</c> clears it. A <c>Content-Length</c> sent here
    /// is what the body is held to.
    /// </summary>
    /// <param name="keyword">The field name.</param>
    /// <param name="value">The field value.</param>
    public void SendHeader(string keyword, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyword);
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0 || !HttpSyntax.IsToken(keyword))
        {
            throw new ArgumentException("Header names must be tokens and values cannot contain line breaks (response splitting).");
        }

        WriteLatin1(keyword);
        WriteLatin1(": ");
        WriteLatin1(value);
        WriteLatin1("\r\n");
        NoteHeader(keyword, value);
    }

    /// <summary>
    /// Ends the header section: Python's <c>end_headers</c>. First it adds what framing needs: <c>Transfer-Encoding:
    /// chunked</c> when no <c>Content-Length</c> was sent on a connection that stays open, and
    /// <c>Connection: close</c> when the connection will close. The body follows on <see cref="WFile"/>.
    /// </summary>
    public void EndHeaders()
    {
        var framing = ChooseFraming();
        if (framing == HttpResponseFraming.Chunked)
        {
            WriteLatin1("Transfer-Encoding: chunked\r\n");
        }

        if (!_response.ConnectionSent && (CloseConnection || _head?.Version == "HTTP/1.0"))
        {
            WriteLatin1(CloseConnection ? "Connection: close\r\n" : "Connection: keep-alive\r\n");
        }

        WriteLatin1("\r\n");
        _responseBody ??= new HttpResponseBodyStream(base.WFile);
        _responseBody.Start(framing, _response.ContentLength ?? 0);
        _response.HeadersEnded = true;
    }
    #endregion

    #region send-content
    /// <summary>
    /// Sends a whole response in one call: status, <c>Content-Type</c>, <c>Content-Length</c> and the body, so the
    /// common case cannot get the framing wrong. Call it instead of <see cref="SendResponse"/>.
    /// </summary>
    /// <param name="code">The status code.</param>
    /// <param name="contentType">The body's media type.</param>
    /// <param name="body">The body.</param>
    public void SendContent(int code, string contentType, ReadOnlySpan<byte> body)
    {
        SendResponse(code);
        SendHeader("Content-Type", contentType);
        SendHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
        EndHeaders();
        WFile.Write(body);
    }

    /// <summary>Sends a whole <c>text/plain</c> response whose body is <paramref name="text"/> in UTF-8.</summary>
    /// <param name="code">The status code.</param>
    /// <param name="text">The body.</param>
    public void SendContent(int code, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        SendContent(code, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));
    }
    #endregion

    /// <summary>
    /// Answers with an error status and a short plain-text body, and closes the connection afterwards: Python's
    /// <c>send_error</c>.
    /// </summary>
    /// <param name="code">The status code.</param>
    /// <param name="message">A detail for the body; the reason phrase when omitted.</param>
    public void SendError(int code, string? message = null)
    {
        CloseConnection = true;
        SendContent(code, $"{code} {HttpStatusPhrases.Get(code)}: {message ?? HttpStatusPhrases.Get(code)}\n");
    }

    /// <summary>Ends whatever the handler left open, so every request gets exactly one framed response.</summary>
    private void CompleteResponse()
    {
        if (_response.Status is null)
        {
            SendError(500, "The handler sent no response.");
        }
        else if (!_response.HeadersEnded)
        {
            EndHeaders();
        }

        if (!_responseBody!.Complete())
        {
            CloseConnection = true; // shorter than its Content-Length: the client learns it from the close
        }

        base.WFile.Flush();
    }

    private HttpResponseFraming ChooseFraming()
    {
        var status = _response.Status ?? 200;
        if (_head?.Method == "HEAD" || status is < 200 or 204 or 304)
        {
            return HttpResponseFraming.NoBody;
        }

        if (_response.ContentLength is not null)
        {
            return HttpResponseFraming.ContentLength;
        }

        if (_response.TransferEncodingSent)
        {
            return HttpResponseFraming.HandlerFramed;
        }

        if (!CloseConnection && _head?.Version == "HTTP/1.1")
        {
            return HttpResponseFraming.Chunked;
        }

        CloseConnection = true;
        return HttpResponseFraming.CloseDelimited;
    }

    private void NoteHeader(string keyword, string value)
    {
        if (keyword.Equals("Connection", StringComparison.OrdinalIgnoreCase))
        {
            _response.ConnectionSent = true;
            if (HttpSyntax.ListContains(value, "close"))
            {
                CloseConnection = true;
            }
            else if (HttpSyntax.ListContains(value, "keep-alive"))
            {
                CloseConnection = false;
            }
        }
        else if (keyword.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
        {
            _response.ContentLength = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                ? length
                : throw new ArgumentException($"Content-Length '{value}' is not a number.", nameof(value));
        }
        else if (keyword.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
        {
            _response.TransferEncodingSent = true;
        }
    }

    private void SendMethodNotAllowed()
    {
        var allowed = ImplementedMethods();
        SendResponse(405);
        SendHeader("Allow", string.Join(", ", allowed));
        var body = Encoding.UTF8.GetBytes($"405 Method Not Allowed: '{Command}' is not supported here.\n");
        SendHeader("Content-Type", "text/plain; charset=utf-8");
        SendHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
        EndHeaders();
        WFile.Write(body);
    }

    /// <summary>
    /// Writes part of the response head as Latin-1 into the buffered output, through a buffer on the stack: the head
    /// is written piece by piece (version, code, phrase; name, value) instead of being built as a string first, so
    /// that answering a request allocates nothing.
    /// </summary>
    private void WriteLatin1(ReadOnlySpan<char> text)
    {
        Span<byte> buffer = stackalloc byte[256];
        while (!text.IsEmpty)
        {
            var piece = text[..Math.Min(text.Length, buffer.Length)]; // Latin-1 is one byte per character
            base.WFile.Write(buffer[..Encoding.Latin1.GetBytes(piece, buffer)]);
            text = text[piece.Length..];
        }
    }

    /// <summary>What has been sent of the current response.</summary>
    private struct ResponseState
    {
        public int? Status;
        public long? ContentLength;
        public bool ConnectionSent;
        public bool TransferEncodingSent;
        public bool HeadersEnded;
    }
}
