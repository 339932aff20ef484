namespace PooledMixIn.Sockets.Http;

/// <summary>A request the server refuses, with the status code that says why.</summary>
internal sealed class HttpRequestRejectedException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
