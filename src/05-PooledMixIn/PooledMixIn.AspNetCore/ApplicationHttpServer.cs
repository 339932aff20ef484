using System.Net;
using System.Net.Sockets;
using PooledMixIn.Sockets;

namespace PooledMixIn.AspNetCore;

/// <summary>
/// Layer 1's HTTP server, with one difference in how it reports errors: a connection the app aborted was reset and
/// closed by <see cref="ApplicationRequestHandler{TContext}"/> on purpose, so the I/O error layer 1 then meets while
/// finishing the response is expected, and logged at debug level rather than as a failure.
/// </summary>
internal sealed class ApplicationHttpServer(IPEndPoint endPoint, Func<BaseRequestHandler> handlerFactory, ServerMixIn mixIn)
    : HttpServer(endPoint, handlerFactory, mixIn)
{
    public override void HandleError(Socket? request, EndPoint? clientAddress, Exception exception)
    {
        if (request is { SafeHandle.IsClosed: true } && exception is IOException or ObjectDisposedException)
        {
            Log.ConnectionReset(Logger, clientAddress);
            return;
        }

        base.HandleError(request, clientAddress, exception);
    }
}
