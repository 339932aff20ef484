using System.Net.Sockets;

namespace PooledMixIn.Benchmark.Load;

/// <summary>Maps what the socket API throws to an <see cref="ErrorKind"/>; anything it does not know is a bug and is rethrown.</summary>
internal static class ErrorClassifier
{
    public static bool TryClassify(RequestPhase phase, Exception exception, out ErrorKind kind)
    {
        // Stream wrappers hide the socket error inside an IOException; the socket calls used here do not, but be safe.
        if (exception is IOException { InnerException: SocketException inner })
        {
            exception = inner;
        }

        kind = exception switch
        {
            // Our own per-request deadline: before the connection exists it is a connect failure, as siege counts it.
            OperationCanceledException => phase == RequestPhase.Connect ? ErrorKind.Connect : ErrorKind.Timeout,
            SocketException socket => Classify(phase, socket.SocketErrorCode),
            _ => (ErrorKind)(-1),
        };
        return Enum.IsDefined(kind);
    }

    public static ErrorKind Classify(RequestPhase phase, SocketError error) => error switch
    {
        SocketError.TimedOut => phase == RequestPhase.Connect ? ErrorKind.Connect : ErrorKind.Timeout,
        _ when phase == RequestPhase.Connect => ErrorKind.Connect,

        // ECONNRESET, ECONNABORTED, EPIPE (Shutdown) and the like: the connection died under us.
        _ => ErrorKind.Reset,
    };
}
