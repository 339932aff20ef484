using System.Net;
using System.Net.Sockets;
using PooledMixIn.Sockets;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Threading.Tests.Support;

/// <summary>
/// A TCP server on 127.0.0.1 with a <see cref="LineHandler"/>, serving on its own thread, that records what reached
/// HandleError. Disposing it shuts it down and closes it with a bounded wait.
/// </summary>
internal sealed class LineServer : IDisposable
{
    private readonly ServingThread _serving;

    public LineServer(ThreadedMixIn mixIn, Func<string, string> respond, bool handleErrorThrows = false)
    {
        MixIn = mixIn;
        Server = new RecordingServer(LineHandler.Factory(respond), mixIn, handleErrorThrows)
        {
            LoggerFactory = Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
        };
        _serving = new ServingThread(Server);
    }

    public ThreadedMixIn MixIn { get; }

    public RecordingServer Server { get; }

    public IPEndPoint EndPoint => Server.ServerAddress;

    public LineExchange Exchange(string line) => LineClient.Exchange(EndPoint, line);

    public void Dispose() => _serving.Dispose();

    internal sealed class RecordingServer(Func<BaseRequestHandler> handlerFactory, ServerMixIn mixIn, bool handleErrorThrows)
        : TcpServer(new IPEndPoint(IPAddress.Loopback, 0), handlerFactory, mixIn)
    {
        private readonly List<Exception> _errors = [];

        public IReadOnlyList<Exception> Errors
        {
            get
            {
                lock (_errors)
                {
                    return [.. _errors];
                }
            }
        }

        public override void HandleError(Socket? request, EndPoint? clientAddress, Exception exception)
        {
            lock (_errors)
            {
                _errors.Add(exception);
            }

            if (handleErrorThrows)
            {
                throw new InvalidOperationException("HandleError failed for the test", exception);
            }
        }
    }
}
