using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn.AspNetCore;

/// <summary>
/// What the server owes ASP.NET Core for one request: the features an <c>HttpContext</c> is made of, backed by layer
/// 1's parsed request and written through layer 1's response methods. One object implements them all, as Kestrel's
/// <c>HttpProtocol</c> does, so a request costs one allocation for its features rather than one per feature.
/// </summary>
/// <remarks>This part holds the request side; <c>RequestFeatures.Response.cs</c> the response side.</remarks>
internal sealed partial class RequestFeatures :
    IHttpRequestFeature,
    IHttpConnectionFeature,
    IHttpRequestIdentifierFeature,
    IHttpRequestLifetimeFeature,
    IHttpMaxRequestBodySizeFeature,
    IHttpRequestBodyDetectionFeature,
    IHttpUpgradeFeature,
    IDisposable
{
    private readonly BaseHttpRequestHandler _http;
    private readonly long _maxRequestBodySize;
    private CancellationTokenSource? _aborted;
    private DisconnectWatch? _disconnectWatch;
    private volatile bool _isAborted;
    private string? _traceIdentifier;

    public RequestFeatures(BaseHttpRequestHandler http, string connectionId, int requestNumber, long maxRequestBodySize)
    {
        _http = http;
        ConnectionId = connectionId;
        RequestNumber = requestNumber;
        _maxRequestBodySize = maxRequestBodySize;

        Method = http.Command;
        Protocol = http.RequestVersion;
        RawTarget = http.Path;
        (Path, QueryString) = SplitTarget(http.Path);
        foreach (var (name, value) in http.Headers)
        {
            Headers.Append(name, value);
        }

        Body = MemoryMarshal.TryGetArray(http.Body, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(http.Body.ToArray(), writable: false);

        if (http.ClientAddress is IPEndPoint remote)
        {
            (RemoteIpAddress, RemotePort) = (remote.Address, remote.Port);
        }

        if (http.Request.LocalEndPoint is IPEndPoint local)
        {
            (LocalIpAddress, LocalPort) = (local.Address, local.Port);
        }

        _responseBody = new ResponseBodyStream(this);
        Collection = CreateCollection();
    }

    public IFeatureCollection Collection { get; }

    public int RequestNumber { get; }

    public bool IsAborted => _isAborted;

    // IHttpRequestFeature
    public string Protocol { get; set; }

    public string Scheme { get; set; } = "http";

    public string Method { get; set; }

    public string PathBase { get; set; } = "";

    public string Path { get; set; }

    public string QueryString { get; set; }

    public string RawTarget { get; set; }

    IHeaderDictionary IHttpRequestFeature.Headers { get => Headers; set => Headers = value; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    public Stream Body { get; set; }

    // IHttpConnectionFeature
    public string ConnectionId { get; set; }

    public IPAddress? RemoteIpAddress { get; set; }

    public IPAddress? LocalIpAddress { get; set; }

    public int RemotePort { get; set; }

    public int LocalPort { get; set; }

    // IHttpRequestIdentifierFeature: Kestrel's shape, the connection's id and the request's number on it.
    public string TraceIdentifier
    {
        get => _traceIdentifier ??= string.Create(CultureInfo.InvariantCulture, $"{ConnectionId}:{RequestNumber:X8}");
        set => _traceIdentifier = value;
    }

    // IHttpRequestLifetimeFeature
    public CancellationToken RequestAborted
    {
        get
        {
            if (_aborted is null)
            {
                var source = new CancellationTokenSource();
                if (_isAborted)
                {
                    source.Cancel();
                }

                _aborted = source;
                if (!_isAborted)
                {
                    // Only an app that asks for the token can act on it: only then is the connection watched.
                    _disconnectWatch = DisconnectWatch.Start(_http.Request, Abort);
                }
            }

            return _aborted.Token;
        }
        set => throw new NotSupportedException("The server owns RequestAborted; call Abort to trigger it.");
    }

    /// <summary>
    /// Aborts the request, from the app or because the client left: the connection is reset at once, as Kestrel
    /// does (the client sees it end now, not when the app returns, and as an error, so it cannot mistake a cut-off
    /// response for a whole one; a write the pool thread is blocked in fails), then <see cref="RequestAborted"/> fires.
    /// </summary>
    public void Abort()
    {
        if (_isAborted)
        {
            return;
        }

        _isAborted = true;
        ResetConnection(_http.Request);
        _aborted?.Cancel();
    }

    // IHttpMaxRequestBodySizeFeature: layer 1 has read the body before the app runs, so the limit is fixed by then.
    public bool IsReadOnly => true;

    public long? MaxRequestBodySize
    {
        get => _maxRequestBodySize;
        set => throw new InvalidOperationException("The request body has already been read; set PooledProcessesServerOptions.MaxRequestBodySize instead.");
    }

    // IHttpRequestBodyDetectionFeature
    public bool CanHaveBody => Headers.ContentLength > 0 || Headers.ContainsKey(HeaderNames.TransferEncoding);

    // IHttpUpgradeFeature: no WebSockets or other upgrades over the pool's HTTP/1.1.
    public bool IsUpgradableRequest => false;

    public Task<Stream> UpgradeAsync() => throw new NotSupportedException("The pool's HTTP/1.1 does not support connection upgrades.");

    public void Dispose()
    {
        _disconnectWatch?.Dispose(); // first: a watch that fires now must find the token still there
        _aborted?.Dispose();
        _responseBody.Dispose();
    }

    /// <summary>Closes <paramref name="connection"/> with RST (<c>SO_LINGER</c> 0), discarding unsent output; once only.</summary>
    internal static void ResetConnection(Socket connection)
    {
        try
        {
            if (!connection.SafeHandle.IsClosed)
            {
                connection.LingerState = new LingerOption(enable: true, seconds: 0);
                connection.Dispose();
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Closed meanwhile, by the other side of a race between the app and the client: closed all the same.
        }
    }

    private FeatureCollection CreateCollection()
    {
        var features = new FeatureCollection(12);
        features.Set<IHttpRequestFeature>(this);
        features.Set<IHttpResponseFeature>(this);
        features.Set<IHttpResponseBodyFeature>(this);
        features.Set<IHttpConnectionFeature>(this);
        features.Set<IHttpRequestIdentifierFeature>(this);
        features.Set<IHttpRequestLifetimeFeature>(this);
        features.Set<IHttpMaxRequestBodySizeFeature>(this);
        features.Set<IHttpRequestBodyDetectionFeature>(this);
        features.Set<IHttpUpgradeFeature>(this);
        return features;
    }

    /// <summary>Splits an origin-form target (or the path of an absolute-form one) into a decoded path and the raw query.</summary>
    private static (string Path, string Query) SplitTarget(string target)
    {
        if (!target.StartsWith('/') && Uri.TryCreate(target, UriKind.Absolute, out var absolute))
        {
            target = absolute.PathAndQuery;
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        var (rawPath, query) = question < 0 ? (target, "") : (target[..question], target[question..]);
        return (rawPath.StartsWith('/') ? PathString.FromUriComponent(rawPath).Value ?? "" : rawPath, query);
    }
}
