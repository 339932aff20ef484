namespace PooledMixIn.Sockets.Http;

/// <summary>
/// A request the server refuses, with the status code that says why (400, 408, 413, 414, 417, 431, 501 or 505).
/// Thrown by <see cref="HttpRequestParser"/>, <see cref="HttpChunkedDecoder"/> and <see cref="HttpRequestBodyFraming"/>;
/// a server answers it with <see cref="StatusCode"/> and then closes the connection, because the framing of whatever
/// follows on it can no longer be trusted.
/// </summary>
public sealed class HttpRequestRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The status code to answer with.</param>
    /// <param name="message">What was wrong, for the response body and the log.</param>
    public HttpRequestRejectedException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception with status 400.</summary>
    public HttpRequestRejectedException()
        : this(400, "Bad request.")
    {
    }

    /// <summary>Creates the exception with status 400.</summary>
    /// <param name="message">What was wrong.</param>
    public HttpRequestRejectedException(string message)
        : this(400, message)
    {
    }

    /// <summary>Creates the exception with status 400.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public HttpRequestRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
    }

    /// <summary>The status code to answer with.</summary>
    public int StatusCode { get; }
}
