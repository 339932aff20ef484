using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Logging;

namespace PooledMixIn.Sockets.Http;

/// <summary>
/// An HTTP/1.1 request handler in the spirit of Python's <c>http.server.BaseHTTPRequestHandler</c>: it parses each
/// request on the connection, dispatches it to <see cref="DoGet"/>, <see cref="DoPost"/> and the other
/// <c>Do*</c> methods a subclass overrides, and offers <see cref="SendResponse"/>, <see cref="SendHeader"/> and
/// <see cref="EndHeaders"/> to answer.
/// </summary>
/// <remarks>
/// <para>Where it differs from Python's, it is stricter, because a server library must survive any input:</para>
/// <list type="bullet">
/// <item>Requests are bounded by <see cref="Limits"/>: a long request line gets 414, too many or too large header
/// fields 431, a body over the limit 413. Malformed requests get 400, HTTP versions other than 1.x get 505,
/// unknown methods 501, and known methods the subclass does not implement 405 with an <c>Allow</c> header.</item>
/// <item>Every read is bounded by <see cref="StreamRequestHandler.Timeout"/> (30 s unless set): a client that
/// stalls in the middle of a request gets 408; an idle keep-alive connection is closed quietly.</item>
/// <item>A <c>Content-Length</c> body is read before dispatch, into <see cref="Body"/>, so the next request on a
/// kept-alive connection starts at the right byte. <c>Transfer-Encoding</c> is answered with 501.</item>
/// <item>A <c>Do*</c> method that throws before answering gets a 500 sent for it, then the exception goes to the
/// server's <see cref="SocketServer.HandleError"/> and the connection is closed.</item>
/// </list>
/// <para>
/// Keep-alive follows Python: an HTTP/1.1 request keeps the connection open unless it says
/// <c>Connection: close</c>; an HTTP/1.0 one closes it unless it says <c>Connection: keep-alive</c>. A response
/// on a kept-alive connection must carry a <c>Content-Length</c>, or the client cannot tell where it ends.
/// </para>
/// </remarks>
public abstract class BaseHttpRequestHandler : StreamRequestHandler
{
    private static readonly ConcurrentDictionary<Type, string[]> s_implementedMethods = new();
    private static readonly (string Method, string Handler)[] s_dispatch =
    [
        ("GET", nameof(DoGet)), ("HEAD", nameof(DoHead)), ("POST", nameof(DoPost)), ("PUT", nameof(DoPut)),
        ("DELETE", nameof(DoDelete)), ("PATCH", nameof(DoPatch)), ("OPTIONS", nameof(DoOptions)),
    ];

    private HttpRequestParser? _parser;
    private HttpRequestHead? _head;
    private bool _responseStarted;
    private int _requestsOnConnection;

    /// <summary>Creates a handler with a 30-second read and write timeout.</summary>
    protected BaseHttpRequestHandler()
    {
        Timeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>The bounds every request must respect.</summary>
    public HttpRequestLimits Limits { get; init; } = HttpRequestLimits.Default;

    /// <summary>The <c>Server</c> header's value: Python's <c>server_version</c>.</summary>
    public string ServerVersion { get; init; } = "PooledMixIn/1.0";

    /// <summary>The version this server answers with: Python's <c>protocol_version</c> (whose default is HTTP/1.0).</summary>
    public string ProtocolVersion { get; init; } = "HTTP/1.1";

    /// <summary>The request's method: Python's <c>command</c>.</summary>
    public string Command => Head.Method;

    /// <summary>The request target, usually a path and query: Python's <c>path</c>.</summary>
    public string Path => Head.Target;

    /// <summary>The request's HTTP version: Python's <c>request_version</c>.</summary>
    public string RequestVersion => Head.Version;

    /// <summary>The request line: Python's <c>requestline</c>.</summary>
    public string RequestLine => Head.RequestLine;

    /// <summary>The request's header fields, in order: Python's <c>headers</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => Head.Headers;

    /// <summary>The request's body (empty without <c>Content-Length</c>).</summary>
    public ReadOnlyMemory<byte> Body { get; private set; }

    /// <summary>Whether to close the connection after this request: Python's <c>close_connection</c>.</summary>
    public bool CloseConnection { get; set; } = true;

    /// <summary>The status code of the response being sent, once <see cref="SendResponse"/> was called.</summary>
    public int? ResponseStatus { get; private set; }

    private HttpRequestHead Head =>
        _head ?? throw new InvalidOperationException("No request has been parsed on this connection yet.");

    /// <summary>The first value of the request header <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The header name, compared case-insensitively.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public string? GetHeader(string name) => Head.GetHeader(name);

    /// <summary>Serves requests until the connection is to be closed: Python's <c>handle</c>.</summary>
    public override void Handle()
    {
        _parser = new HttpRequestParser(Limits);
        HandleOneRequest();
        while (!CloseConnection)
        {
            HandleOneRequest();
        }
    }

    #region handle-one-request
    /// <summary>Reads, checks and dispatches one request, then flushes the response: Python's <c>handle_one_request</c>.</summary>
    public virtual void HandleOneRequest()
    {
        _parser ??= new HttpRequestParser(Limits);
        (_head, Body, _responseStarted, ResponseStatus) = (null, ReadOnlyMemory<byte>.Empty, false, null);
        CloseConnection = true;
        try
        {
            _head = _parser.ReadHead(RFile);
            if (_head is null)
            {
                return; // The client closed the connection between requests.
            }

            _requestsOnConnection++;
            CloseConnection = !WantsKeepAlive(_head);
            Body = _parser.ReadBody(RFile, _head);
        }
        catch (HttpRequestRejectedException refused)
        {
            Log.BadRequest(Server.Logger, ClientAddress.ToString() ?? "?", refused.StatusCode, refused.Message);
            SendError(refused.StatusCode, refused.Message);
            WFile.Flush();
            return;
        }
        catch (IOException exception) when (IsTimeout(exception))
        {
            // A client that stalls mid-request is told why it is cut off; an idle keep-alive connection just closes.
            if (_parser.BytesConsumed > 0 || _requestsOnConnection == 0 && _head is not null)
            {
                SendError(408, "The request was not received in time.");
                WFile.Flush();
            }

            return;
        }
        catch (IOException exception) when (IsPeerGone(exception))
        {
            return;
        }

        Dispatch();
        WFile.Flush();
    }
    #endregion

    private void Dispatch()
    {
        var implemented = ImplementedMethods();
        var known = Array.FindIndex(s_dispatch, d => d.Method == Command);
        if (known < 0)
        {
            SendError(501, $"Unsupported method '{Command}'.");
            return;
        }

        if (!implemented.Contains(Command))
        {
            SendMethodNotAllowed(implemented);
            return;
        }

        try
        {
            switch (Command)
            {
                case "GET": DoGet(); break;
                case "HEAD": DoHead(); break;
                case "POST": DoPost(); break;
                case "PUT": DoPut(); break;
                case "DELETE": DoDelete(); break;
                case "PATCH": DoPatch(); break;
                default: DoOptions(); break;
            }
        }
        catch when (!_responseStarted)
        {
            SendError(500, "The server failed to process the request.");
            WFile.Flush();
            throw;
        }
    }

    /// <summary>Handles GET. Not overriding it answers 405.</summary>
    protected virtual void DoGet() => SendMethodNotAllowed(ImplementedMethods());

    /// <summary>Handles HEAD. Not overriding it answers 405.</summary>
    protected virtual void DoHead() => SendMethodNotAllowed(ImplementedMethods());

    /// <summary>Handles POST; the body is in <see cref="Body"/>. Not overriding it answers 405.</summary>
    protected virtual void DoPost() => SendMethodNotAllowed(ImplementedMethods());

    /// <summary>Handles PUT; the body is in <see cref="Body"/>. Not overriding it answers 405.</summary>
    protected virtual void DoPut() => SendMethodNotAllowed(ImplementedMethods());

    /// <summary>Handles DELETE. Not overriding it answers 405.</summary>
    protected virtual void DoDelete() => SendMethodNotAllowed(ImplementedMethods());

    /// <summary>Handles PATCH; the body is in <see cref="Body"/>. Not overriding it answers 405.</summary>
    protected virtual void DoPatch() => SendMethodNotAllowed(ImplementedMethods());

    /// <summary>Handles OPTIONS. Not overriding it answers 405.</summary>
    protected virtual void DoOptions() => SendMethodNotAllowed(ImplementedMethods());

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
        _responseStarted = true;
        ResponseStatus = code;
        WriteLatin1($"{ProtocolVersion} {code.ToString(CultureInfo.InvariantCulture)} {message ?? HttpStatusPhrases.Get(code)}\r\n");
    }

    /// <summary>
    /// Sends one header field: Python's <c>send_header</c>. <c>Connection: close</c> also sets
    /// <see cref="CloseConnection"/>, and <c>Connection: keep-alive</c> clears it.
    /// </summary>
    /// <param name="keyword">The field name.</param>
    /// <param name="value">The field value.</param>
    public void SendHeader(string keyword, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyword);
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0 || keyword.AsSpan().IndexOfAny("\r\n: ") >= 0)
        {
            throw new ArgumentException("Header names and values cannot contain line breaks (response splitting).");
        }

        WriteLatin1($"{keyword}: {value}\r\n");
        if (string.Equals(keyword, "Connection", StringComparison.OrdinalIgnoreCase))
        {
            if (string.Equals(value, "close", StringComparison.OrdinalIgnoreCase))
            {
                CloseConnection = true;
            }
            else if (string.Equals(value, "keep-alive", StringComparison.OrdinalIgnoreCase))
            {
                CloseConnection = false;
            }
        }
    }

    /// <summary>Ends the header section: Python's <c>end_headers</c>. The body follows on <see cref="StreamRequestHandler.WFile"/>.</summary>
    public void EndHeaders() => WriteLatin1("\r\n");
    #endregion

    /// <summary>
    /// Answers with an error status and a short plain-text body, and closes the connection afterwards: Python's
    /// <c>send_error</c>.
    /// </summary>
    /// <param name="code">The status code.</param>
    /// <param name="message">A detail for the body; the reason phrase when omitted.</param>
    public void SendError(int code, string? message = null)
    {
        var body = Encoding.UTF8.GetBytes($"{code} {HttpStatusPhrases.Get(code)}: {message ?? HttpStatusPhrases.Get(code)}\n");
        SendResponse(code);
        SendHeader("Content-Type", "text/plain; charset=utf-8");
        SendHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
        SendHeader("Connection", "close");
        EndHeaders();
        if (_head?.Method != "HEAD")
        {
            WFile.Write(body);
        }
    }

    /// <summary>Logs one answered request at information level: Python's <c>log_request</c>.</summary>
    /// <param name="code">The status code sent.</param>
    protected virtual void LogRequest(int code)
    {
        var logger = Server.Logger;
        if (logger.IsEnabled(LogLevel.Information))
        {
            var client = ClientAddress.ToString() ?? "?";
            var requestLine = _head?.RequestLine ?? "-";
            Log.RequestServed(logger, client, requestLine, code);
        }
    }

    private void SendMethodNotAllowed(string[] implemented)
    {
        var body = Encoding.UTF8.GetBytes($"405 Method Not Allowed: '{Command}' is not supported here.\n");
        SendResponse(405);
        SendHeader("Allow", string.Join(", ", implemented));
        SendHeader("Content-Type", "text/plain; charset=utf-8");
        SendHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
        EndHeaders();
        WFile.Write(body);
    }

    private string[] ImplementedMethods() => s_implementedMethods.GetOrAdd(GetType(), static type =>
    [
        .. s_dispatch
            .Where(d => type.GetMethod(d.Handler, BindingFlags.Instance | BindingFlags.NonPublic)?.DeclaringType
                != typeof(BaseHttpRequestHandler))
            .Select(d => d.Method),
    ]);

    private bool WantsKeepAlive(HttpRequestHead head)
    {
        if (ProtocolVersion != "HTTP/1.1")
        {
            return false;
        }

        var connection = head.GetHeader("Connection") ?? "";
        if (HasToken(connection, "close"))
        {
            return false;
        }

        return head.Version == "HTTP/1.1" || HasToken(connection, "keep-alive");
    }

    private static bool HasToken(string list, string token)
    {
        foreach (var part in list.Split(','))
        {
            if (part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTimeout(IOException exception) =>
        exception.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock };

    private static bool IsPeerGone(IOException exception) =>
        exception.InnerException is SocketException
        {
            SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown,
        };

    private void WriteLatin1(string text)
    {
        Span<byte> buffer = stackalloc byte[512];
        var bytes = text.Length <= buffer.Length ? buffer[..Encoding.Latin1.GetBytes(text, buffer)] : Encoding.Latin1.GetBytes(text);
        WFile.Write(bytes);
    }
}
