using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace PooledMixIn.AspNetCore;

/// <summary>The response side: status, headers, <c>OnStarting</c>/<c>OnCompleted</c>, and the body's framing.</summary>
/// <remarks>
/// The rules are Kestrel's (<c>HttpProtocol</c>): the response starts at the first write, flush or
/// <c>StartAsync</c>, when the <c>OnStarting</c> callbacks run (last registered first) and the headers become
/// read-only; a response completed before any write gets <c>Content-Length: 0</c>; writing a body to a 1xx, 204 or
/// 304 response throws. The framing itself is layer 1's: a declared length is held to, an unknown one is chunked
/// on a kept-alive HTTP/1.1 connection and ends with the connection otherwise, HEAD gets no body.
/// </remarks>
internal sealed partial class RequestFeatures : IHttpResponseFeature, IHttpResponseBodyFeature
{
    private readonly ResponseBodyStream _responseBody;
    private readonly Stack<(Func<object, Task> Callback, object State)> _onStarting = new();
    private readonly Stack<(Func<object, Task> Callback, object State)> _onCompleted = new();
    private PipeWriter? _writer;
    private int _statusCode = StatusCodes.Status200OK;
    private string? _reasonPhrase;
    private bool _headersSent;
    private bool _noBody;
    private bool _writeThrough;
    private long? _declaredLength;
    private long _bodyBytes;
    private bool _completed;

    // IHttpResponseFeature
    public int StatusCode
    {
        get => _statusCode;
        set
        {
            ThrowIfStarted(nameof(StatusCode));
            _statusCode = value;
        }
    }

    public string? ReasonPhrase
    {
        get => _reasonPhrase;
        set
        {
            ThrowIfStarted(nameof(ReasonPhrase));
            _reasonPhrase = value;
        }
    }

    IHeaderDictionary IHttpResponseFeature.Headers { get => ResponseHeaders; set => ResponseHeaders = value; }

    public IHeaderDictionary ResponseHeaders { get; set; } = new HeaderDictionary();

    Stream IHttpResponseFeature.Body { get => _responseBody; set => throw new NotSupportedException("Replace IHttpResponseBodyFeature instead."); }

    public bool HasStarted { get; private set; }

    public void OnStarting(Func<object, Task> callback, object state)
    {
        ThrowIfStarted(nameof(OnStarting));
        _onStarting.Push((callback, state));
    }

    public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Push((callback, state));

    // IHttpResponseBodyFeature
    public Stream Stream => _responseBody;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(_responseBody, new StreamPipeWriterOptions(leaveOpen: true));

    public void DisableBuffering() => _writeThrough = true;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        Start();
        return Task.CompletedTask;
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(_responseBody, path, offset, count, cancellationToken);

    public async Task CompleteAsync()
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync().ConfigureAwait(false);
        }

        Complete();
    }

    #region response-start
    /// <summary>Starts the response: runs the <c>OnStarting</c> callbacks and fixes the headers.</summary>
    public void Start()
    {
        ThrowIfAborted();
        if (HasStarted)
        {
            return;
        }

        // The callbacks may still change the status and headers; sync-over-async is fine on a pool thread of our own.
        while (_onStarting.TryPop(out var onStarting))
        {
            onStarting.Callback(onStarting.State).GetAwaiter().GetResult();
        }

        HasStarted = true;
        if (ResponseHeaders is HeaderDictionary headers)
        {
            headers.IsReadOnly = true;
        }

        _declaredLength = ResponseHeaders.ContentLength;
        _noBody = _statusCode is < 200 or StatusCodes.Status204NoContent or StatusCodes.Status304NotModified;
        if (_declaredLength is not null || _noBody)
        {
            SendHead(knownLength: null);
        }
    }
    #endregion

    #region response-write
    /// <summary>Writes part of the body, framed as the response requires.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        Start();
        if (data.IsEmpty)
        {
            return;
        }

        if (_noBody)
        {
            throw new InvalidOperationException($"Writing to the response body is invalid for responses with status code {_statusCode}.");
        }

        if (!_headersSent)
        {
            SendHead(knownLength: null);
        }

        _http.WFile.Write(data); // after EndHeaders, layer 1's body stream: it frames, holds to the length, drops HEAD's
        _bodyBytes += data.Length;

        if (_writeThrough)
        {
            _http.WFile.Flush();
        }
    }

    /// <summary>Sends what was written so far, starting the response if needed.</summary>
    public void Flush()
    {
        Start();
        if (!_headersSent)
        {
            SendHead(knownLength: null);
        }

        _http.WFile.Flush();
    }
    #endregion

    #region response-complete
    /// <summary>Ends the response: a body never written gets <c>Content-Length: 0</c>; layer 1 ends a chunked one.</summary>
    public void Complete()
    {
        if (_completed || _isAborted)
        {
            return;
        }

        Start();
        if (!_headersSent)
        {
            SendHead(knownLength: _bodyBytes);
        }

        _completed = true;
        if (_declaredLength is { } declared && _bodyBytes < declared && !HttpMethods.IsHead(Method))
        {
            Log.ResponseTooShort(_http.Server.Logger, ConnectionId, TraceIdentifier, declared, _bodyBytes);
            Abort(); // the client waits for bytes that will never come: only a reset tells it
        }
    }

    /// <summary>After the app failed before the response started: Kestrel's bare 500.</summary>
    public void RespondWithServerError()
    {
        _onStarting.Clear();
        ResponseHeaders = new HeaderDictionary();
        (_statusCode, _reasonPhrase) = (StatusCodes.Status500InternalServerError, null);
        Complete();
    }

    /// <summary>Runs the <c>OnCompleted</c> callbacks, last registered first; a failing one does not stop the others.</summary>
    public void FireOnCompleted()
    {
        while (_onCompleted.TryPop(out var onCompleted))
        {
            try
            {
                onCompleted.Callback(onCompleted.State).GetAwaiter().GetResult();
            }
            catch (Exception exception)
            {
                Log.OnCompletedFailed(_http.Server.Logger, ConnectionId, TraceIdentifier, exception);
            }
        }
    }
    #endregion

    #region response-head
    /// <summary>Writes the status line and header fields through layer 1, which adds what the framing needs.</summary>
    private void SendHead(long? knownLength)
    {
        _http.SendResponseOnly(_statusCode, _reasonPhrase);
        if (!ResponseHeaders.ContainsKey(HeaderNames.Date))
        {
            _http.SendHeader(HeaderNames.Date, DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture));
        }

        if (!ResponseHeaders.ContainsKey(HeaderNames.Server))
        {
            _http.SendHeader(HeaderNames.Server, _http.ServerVersion);
        }

        foreach (var (name, values) in ResponseHeaders)
        {
            foreach (var value in values)
            {
                _http.SendHeader(name, value ?? "");
            }
        }

        if (knownLength is { } length && !_noBody && _declaredLength is null && !ResponseHeaders.ContainsKey(HeaderNames.TransferEncoding))
        {
            _http.SendHeader(HeaderNames.ContentLength, length.ToString(CultureInfo.InvariantCulture));
        }

        _http.EndHeaders(); // adds Transfer-Encoding: chunked or Connection: close as the connection needs
        _headersSent = true;
    }
    #endregion

    private void ThrowIfStarted(string what)
    {
        if (HasStarted)
        {
            throw new InvalidOperationException($"{what} cannot be set because the response has already started.");
        }
    }

    private void ThrowIfAborted()
    {
        if (_isAborted)
        {
            throw new ConnectionAbortedException("The request was aborted.");
        }
    }
}
