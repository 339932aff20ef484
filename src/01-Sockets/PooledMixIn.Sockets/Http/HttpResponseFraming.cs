namespace PooledMixIn.Sockets.Http;

/// <summary>How a response's end is found by the client (RFC 9112 §6.3).</summary>
internal enum HttpResponseFraming
{
    /// <summary>By its <c>Content-Length</c>.</summary>
    ContentLength,

    /// <summary>By the last chunk of the chunked coding.</summary>
    Chunked,

    /// <summary>By the connection closing after it (HTTP/1.0, or a handler that chose to close).</summary>
    CloseDelimited,

    /// <summary>It has no body: a response to HEAD, or a 1xx, 204 or 304.</summary>
    NoBody,

    /// <summary>The handler sent its own <c>Transfer-Encoding</c> and frames the body itself.</summary>
    HandlerFramed,
}
