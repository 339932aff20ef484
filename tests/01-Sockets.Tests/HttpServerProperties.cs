using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Sockets.Tests;

/// <summary>The parser's invariant again, end to end: whatever bytes arrive, the server answers or closes, and lives on.</summary>
public sealed class HttpServerProperties : IDisposable
{
    private readonly RecordingTcpServer _server = new(() => new EchoHttpHandler { Timeout = TestTimeouts.Operation });
    private readonly ServingThread _serving;

    public HttpServerProperties() => _serving = new ServingThread(_server);

    public void Dispose() => _serving.Dispose();

    [Property(MaxTest = 60)]
    public Property Any_bytes_sent_to_the_server_get_a_response_or_a_close_and_the_server_keeps_serving() =>
        Prop.ForAll(Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().ToArbitrary(), bytes =>
        {
            using (var client = RawHttpClient.Connect(_server.ServerAddress))
            {
                client.Send(bytes);
                client.Socket.Shutdown(SocketShutdown.Send);
                DrainUntilClosed(client.Socket); // bounded by the client's receive timeout: a hang fails the test
            }

            return RawHttpClient.Get(_server.ServerAddress, "/alive").Text == "/alive";
        });

    private static void DrainUntilClosed(Socket socket)
    {
        var buffer = new byte[4096];
        try
        {
            while (socket.Receive(buffer) > 0)
            {
            }
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
        {
            // A reset is a close too.
        }
    }
}
