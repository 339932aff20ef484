using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace PooledMixIn.Sockets.Http;

/// <summary>
/// An HTTP/1.1 request handler in the spirit of Python's <c>http.server.BaseHTTPRequestHandler</c>: it parses each
/// request on the connection, dispatches it to <see cref="DoGet"/>, <see cref="DoPost"/> and the other
/// <c>Do*</c> methods a subclass overrides, and offers <see cref="SendResponse"/>, <see cref="SendHeader"/> and
/// <see cref="EndHeaders"/> (or <see cref="SendContent(int, string, ReadOnlySpan{byte})"/> in one call) to answer.
/// </summary>
/// <remarks>
/// <para>Where it differs from Python's, it follows RFC 9112, because a server library must survive any input:</para>
/// <list type="bullet">
/// <item>Requests are checked and bounded by <see cref="Limits"/> before any <c>Do*</c> method runs: malformed
/// requests, an invalid or missing <c>Host</c> and ambiguous framing get 400, a long target 414, too many or too
/// large header fields 431, a body over the limit 413, HTTP versions other than 1.x 505, unknown methods and
/// transfer codings 501, and known methods the subclass does not implement 405 with an <c>Allow</c> header. Each
/// of these closes the connection, except 405, after which the framing is still sound.</item>
/// <item>Deadlines bound the whole head, the body's data rate and the idle time between requests
/// (<see cref="HttpRequestLimits"/>); a request cut off by one gets 408, an idle connection is closed quietly.</item>
/// <item>The body, whether by <c>Content-Length</c> or chunked, is read before dispatch into <see cref="Body"/>,
/// after a <c>100 Continue</c> if the client asked for one, so the next request on the connection starts at the
/// right byte. The handler reads the connection itself, with bytes of the next request possibly already buffered,
/// so a subclass takes the body from <see cref="Body"/> and never reads <see cref="StreamRequestHandler.RFile"/>.</item>
/// <item>Every response is framed, whatever the handler sends: without a <c>Content-Length</c> it is chunked on a
/// kept-alive HTTP/1.1 connection, and the connection is closed after it otherwise; a response to HEAD carries no
/// body; <c>Connection: close</c> is sent whenever the connection will close.</item>
/// <item>HEAD is served by <see cref="DoGet"/> without the body, and <c>OPTIONS</c> (also <c>OPTIONS *</c>) is
/// answered with <c>Allow</c>, unless a subclass overrides them.</item>
/// <item>Each response leaves at once (<see cref="StreamRequestHandler.DisableNagleAlgorithm"/> is on, as in Kestrel
/// and nginx): with Nagle's algorithm, the response to the second of two pipelined requests waited for the client's
/// delayed acknowledgement of the first, about 40 ms on Linux.</item>
/// <item>A <c>Do*</c> method that throws before answering gets a 500 sent for it, then the exception goes to the
/// server's <see cref="SocketServer.HandleError"/> and the connection is closed.</item>
/// </list>
/// <para>
/// The handler is synchronous on purpose. In a pool of threads the thread is the unit of concurrency: each
/// connection has one for as long as it is served, and blocking it is what the pool is sized for, so an
/// asynchronous <c>DoGetAsync</c> would free a thread the pool has no other use for, at the price of a second
/// programming model. Asynchronous code belongs on a server built for it: ASP.NET Core, which the pool can host.
/// </para>
/// </remarks>
[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicMethods)]
public abstract partial class BaseHttpRequestHandler : StreamRequestHandler
{

    private HttpConnectionInput? _input;
    private HttpResponseBodyStream? _responseBody;
    private HttpRequestHead? _head;
    private HttpRequestTarget? _target;
    private ResponseState _response;
    private int _requestsOnConnection;
    private bool _handling;
    private ReadOnlyMemory<byte> _receivedBytes;

    /// <summary>
    /// Creates a handler whose every single read and write may wait 30 seconds at most, and whose responses are sent
    /// without waiting for the acknowledgement of the previous one (TCP_NODELAY).
    /// </summary>
    protected BaseHttpRequestHandler()
    {
        Timeout = TimeSpan.FromSeconds(30);
        // Python's default keeps Nagle's algorithm, which holds a small segment while an earlier one is unacknowledged.
        // Every response is one flush, so a response sent before the client has acknowledged the previous one (a
        // pipelined request, or any handler that flushes mid-response) would wait for the client's delayed ACK.
        DisableNagleAlgorithm = true;
    }

    /// <summary>The bounds and deadlines every request must respect.</summary>
    public HttpRequestLimits Limits { get; init; } = HttpRequestLimits.Default;

    /// <summary>The <c>Server</c> header's value: Python's <c>server_version</c>.</summary>
    public string ServerVersion { get; init; } = "PooledMixIn/1.0";

    /// <summary>The version this server answers with: Python's <c>protocol_version</c> (whose default is HTTP/1.0).</summary>
    public string ProtocolVersion { get; init; } = "HTTP/1.1";

    /// <summary>
    /// Bytes already received from the connection before this handler runs, such as those an event loop read while
    /// it waited for a complete head: they are parsed first, as if they had just arrived. Set before the handler runs.
    /// </summary>
    public ReadOnlyMemory<byte> ReceivedBytes
    {
        get => _receivedBytes;
        set => _receivedBytes = _handling
            ? throw new InvalidOperationException("ReceivedBytes can only be set before the handler runs.")
            : value;
    }

    /// <summary>The request's method: Python's <c>command</c>.</summary>
    public string Command => Head.Method;

    /// <summary>The request target as sent, path and query: Python's <c>path</c>. See <see cref="Target"/> for its parts.</summary>
    public string Path => Head.Target;

    /// <summary>The request target taken apart: the decoded path and the query.</summary>
    public HttpRequestTarget Target => _target ??= HttpRequestTarget.Parse(Head.Target);

    /// <summary>The request's HTTP version: Python's <c>request_version</c>.</summary>
    public string RequestVersion => Head.Version;

    /// <summary>The request line: Python's <c>requestline</c>.</summary>
    public string RequestLine => Head.RequestLine;

    /// <summary>The request's header fields, in order: Python's <c>headers</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => Head.Headers;

    /// <summary>The request's body, decoded if it was chunked; empty when there is none.</summary>
    public ReadOnlyMemory<byte> Body { get; private set; }

    /// <summary>Whether to close the connection after this request: Python's <c>close_connection</c>.</summary>
    public bool CloseConnection { get; set; } = true;

    /// <summary>The status code of the response being sent, once <see cref="SendResponse"/> was called.</summary>
    public int? ResponseStatus => _response.Status;

    /// <summary>
    /// The response body's stream once <see cref="EndHeaders"/> has run (it frames what is written as the headers
    /// promised), and the connection's buffered output before: Python's <c>wfile</c>.
    /// </summary>
    public override Stream WFile => _response.HeadersEnded && _responseBody is not null ? _responseBody : base.WFile;

    private HttpRequestHead Head =>
        _head ?? throw new InvalidOperationException("No request has been parsed on this connection yet.");

    /// <summary>The first value of the request header <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The header name, compared case-insensitively.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public string? GetHeader(string name) => Head.GetHeader(name);

    /// <summary>
    /// Serves requests until the connection is to be closed, or until the server's mix-in takes it back idle between
    /// requests (<see cref="IIdleConnectionParking"/>): Python's <c>handle</c>.
    /// </summary>
    public override void Handle()
    {
        HandleOneRequest();
        while (!CloseConnection && !ParkedBetweenRequests())
        {
            HandleOneRequest();
        }
    }

    #region handle-one-request
    /// <summary>Reads, checks and dispatches one request, then completes the response: Python's <c>handle_one_request</c>.</summary>
    public virtual void HandleOneRequest()
    {
        StartConnection();
        (_head, _target, Body, _response) = (null, null, ReadOnlyMemory<byte>.Empty, default);
        CloseConnection = true;
        try
        {
            _head = ReceiveHead();
            if (_head is null)
            {
                return; // The client closed the connection, or left it idle, between requests.
            }

            _requestsOnConnection++;
            CloseConnection = !WantsKeepAlive(_head);
            Body = ReceiveBody(_head);
        }
        catch (HttpRequestRejectedException refused)
        {
            var logger = Server.AccessLogger;
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var client = ClientAddress.ToString() ?? "?";
                Log.RequestRefused(logger, client, refused.StatusCode, refused.Message);
            }

            SendRefusal(refused.StatusCode, refused.Message);
            return;
        }
        catch (TimeoutException)
        {
            // A client cut off mid-request is told why; a connection that never started a request just closes.
            if (_head is not null || !_input!.Buffered.IsEmpty)
            {
                SendRefusal(408, "The request was not received in time.");
            }

            return;
        }

        Dispatch();
        CompleteResponse();
    }
    #endregion

    /// <summary>Sends an error for a request refused before dispatch; a client that has gone already is not an error.</summary>
    private void SendRefusal(int code, string message)
    {
        try
        {
            SendError(code, message);
            base.WFile.Flush();
        }
        catch (IOException)
        {
            // The client closed or reset its side after sending what was refused: there is nobody left to tell.
        }
    }

    /// <summary>Handles GET. Not overriding it answers 405.</summary>
    protected virtual void DoGet() => SendMethodNotAllowed();

    /// <summary>Handles HEAD. Not overriding it runs <see cref="DoGet"/> and sends its headers without its body.</summary>
    protected virtual void DoHead() => DoGet();

    /// <summary>Handles POST; the body is in <see cref="Body"/>. Not overriding it answers 405.</summary>
    protected virtual void DoPost() => SendMethodNotAllowed();

    /// <summary>Handles PUT; the body is in <see cref="Body"/>. Not overriding it answers 405.</summary>
    protected virtual void DoPut() => SendMethodNotAllowed();

    /// <summary>Handles DELETE. Not overriding it answers 405.</summary>
    protected virtual void DoDelete() => SendMethodNotAllowed();

    /// <summary>Handles PATCH; the body is in <see cref="Body"/>. Not overriding it answers 405.</summary>
    protected virtual void DoPatch() => SendMethodNotAllowed();

    /// <summary>
    /// Handles OPTIONS, for a path or for the server as a whole (<c>OPTIONS *</c>). Not overriding it answers 200
    /// with an <c>Allow</c> header naming the methods this handler implements (RFC 9110 §9.3.7).
    /// </summary>
    protected virtual void DoOptions()
    {
        SendResponse(200);
        SendHeader("Allow", string.Join(", ", ImplementedMethods()));
        SendHeader("Content-Length", "0");
        EndHeaders();
    }

    /// <summary>
    /// Logs one answered request to <see cref="SocketServer.AccessLogger"/> at information level, whatever its status:
    /// Python's <c>log_request</c>. A client's error (4xx) is the client's, and a server fault is logged, as a warning
    /// or an error, where it happens.
    /// </summary>
    /// <param name="code">The status code sent.</param>
    protected virtual void LogRequest(int code)
    {
        var logger = Server.AccessLogger;
        if (logger.IsEnabled(LogLevel.Information))
        {
            var client = ClientAddress.ToString() ?? "?";
            var requestLine = _head?.RequestLine ?? "-";
            Log.RequestServed(logger, client, requestLine, code);
        }
    }

    private void Dispatch()
    {
        if (Array.IndexOf(HttpMethodOverrides.KnownMethods, Command) < 0)
        {
            SendError(501, $"Unsupported method '{Command}'.");
            return;
        }

        if (Array.IndexOf(ImplementedMethods(), Command) < 0)
        {
            SendMethodNotAllowed();
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
        catch when (_response.Status is null)
        {
            SendError(500, "The server failed to process the request.");
            base.WFile.Flush();
            throw;
        }
        catch
        {
            CloseConnection = true; // the response is cut short: only the close can tell the client
            throw;
        }
    }

    /// <summary>
    /// The methods this handler's class implements, as Python's <c>hasattr(self, 'do_GET')</c> tells: GET, POST, PUT,
    /// DELETE and PATCH when their <c>Do*</c> method is overridden, HEAD when GET or HEAD is, and OPTIONS always.
    /// The class is annotated so that trimming and NativeAOT keep the <c>Do*</c> methods this looks up.
    /// </summary>
    private string[] ImplementedMethods() => HttpMethodOverrides.Of(GetType());

    private bool WantsKeepAlive(HttpRequestHead head)
    {
        if (ProtocolVersion != "HTTP/1.1")
        {
            return false;
        }

        // Every Connection field counts, as if they were one comma-separated list; indexed, so nothing is allocated.
        var (close, keepAlive) = (false, false);
        var fields = head.Headers;
        for (var i = 0; i < fields.Count; i++)
        {
            var (name, value) = fields[i];
            if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                close |= HttpSyntax.ListContains(value, "close");
                keepAlive |= HttpSyntax.ListContains(value, "keep-alive");
            }
        }

        // §9.3: HTTP/1.1 persists by default; HTTP/1.0 only when it asks (and Transfer-Encoding in 1.0 was refused).
        return !close && (head.Version == "HTTP/1.1" || keepAlive);
    }
}
