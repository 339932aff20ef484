using System.Net;
using System.Net.Sockets;

namespace PooledMixIn.Sockets;

/// <summary>A TCP server over IPv4 or IPv6: Python's <c>socketserver.TCPServer</c>.</summary>
/// <remarks>
/// The listening socket always has <c>SO_REUSEADDR</c> (and only that) set (Python's <c>allow_reuse_address</c>, on in Python only
/// for <c>HTTPServer</c>): on Linux it only lets a restarted server bind while old connections linger in
/// TIME_WAIT, which is what every server wants. An IPv6 server listens on IPv6 only unless
/// <see cref="DualMode"/> is set.
/// </remarks>
public class TcpServer : SocketServer
{
    private const int SolSocket = 1;   // SOL_SOCKET on Linux
    private const int SoReuseAddr = 2; // SO_REUSEADDR on Linux

    /// <summary>Creates a TCP server listening on <paramref name="endPoint"/>.</summary>
    /// <param name="endPoint">Where to listen; port 0 lets the system choose (see <see cref="SocketServer.ServerAddress"/>).</param>
    /// <param name="handlerFactory">Creates one request handler per connection.</param>
    /// <param name="mixIn">The concurrency model; <see langword="null"/> means <see cref="SerialMixIn"/>.</param>
    /// <param name="bindAndActivate"><see langword="false"/> to bind and listen later; see <see cref="SocketServer"/>.</param>
    public TcpServer(
        IPEndPoint endPoint,
        Func<BaseRequestHandler> handlerFactory,
        ServerMixIn? mixIn = null,
        bool bindAndActivate = true)
        : base(endPoint, SocketType.Stream, ProtocolType.Tcp, handlerFactory, mixIn, bindAndActivate)
    {
    }

    /// <summary>The bound address and port.</summary>
    public new IPEndPoint ServerAddress => (IPEndPoint)base.ServerAddress;

    /// <summary>
    /// For an IPv6 server created with <c>bindAndActivate: false</c>: also accept IPv4 clients (as mapped
    /// addresses). Set before <see cref="SocketServer.ServerBind"/>.
    /// </summary>
    public bool DualMode { get; set; }

    /// <inheritdoc />
    protected override void ConfigureListeningSocket(Socket listeningSocket)
    {
        ArgumentNullException.ThrowIfNull(listeningSocket);
        // Not SocketOptionName.ReuseAddress: on Linux .NET maps it to SO_REUSEADDR *and* SO_REUSEPORT, and the
        // latter would let a second server bind the same port and silently take half of the connections.
        listeningSocket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        if (listeningSocket.AddressFamily == AddressFamily.InterNetworkV6)
        {
            listeningSocket.DualMode = DualMode;
        }
    }
}
