using PooledMixIn.TestSupport;

namespace PooledMixIn.Sockets.Tests;

/// <summary>A serial test server serving on its own thread, and one raw client connected to it; disposing stops both.</summary>
internal sealed class ServedClient : IDisposable
{
    private readonly ServingThread _serving;

    private ServedClient(RecordingTcpServer server)
    {
        Server = server;
        _serving = new ServingThread(server);
        Client = RawHttpClient.Connect(server.ServerAddress);
    }

    public RecordingTcpServer Server { get; }

    public RawHttpClient Client { get; }

    public static ServedClient Start(Func<BaseRequestHandler> handlerFactory) => new(new RecordingTcpServer(handlerFactory));

    public void Dispose()
    {
        Client.Dispose();
        _serving.Dispose(); // stops and closes the server too
    }
}
