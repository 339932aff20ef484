using System.Net;

namespace PooledMixIn.Sockets;

/// <summary>
/// A TCP server for HTTP request handlers: Python's <c>http.server.HTTPServer</c>. HTTP itself lives in the
/// handler (<see cref="Http.BaseHttpRequestHandler"/>); the server only adds the name it is reached by.
/// </summary>
public class HttpServer : TcpServer
{
    /// <summary>Creates an HTTP server listening on <paramref name="endPoint"/>.</summary>
    /// <param name="endPoint">Where to listen; port 0 lets the system choose.</param>
    /// <param name="handlerFactory">Creates one HTTP request handler per connection.</param>
    /// <param name="mixIn">The concurrency model; <see langword="null"/> means <see cref="SerialMixIn"/>.</param>
    /// <param name="bindAndActivate"><see langword="false"/> to bind and listen later; see <see cref="SocketServer"/>.</param>
    public HttpServer(
        IPEndPoint endPoint,
        Func<BaseRequestHandler> handlerFactory,
        ServerMixIn? mixIn = null,
        bool bindAndActivate = true)
        : base(endPoint, handlerFactory, mixIn, bindAndActivate)
    {
    }

    /// <summary>The host name and port clients use in URLs: Python's <c>server_name</c> and <c>server_port</c>.</summary>
    public string ServerUrl
    {
        get
        {
            var address = ServerAddress;
            var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? $"[{address.Address}]"
                : address.Address.ToString();
            return $"http://{host}:{address.Port}/";
        }
    }
}
