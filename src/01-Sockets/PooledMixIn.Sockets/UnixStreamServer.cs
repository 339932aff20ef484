using System.Net.Sockets;

namespace PooledMixIn.Sockets;

/// <summary>A server on a Unix domain stream socket: Python's <c>socketserver.UnixStreamServer</c>.</summary>
/// <remarks>
/// Binding creates the socket file; closing the server removes it again (Python leaves it behind), but only if this
/// server created it — a worker that adopted an inherited socket leaves it to its owner. A path that already exists
/// is an error, as in Python: removing it silently could take the address of a server that is still running.
/// </remarks>
public class UnixStreamServer : SocketServer
{
    private bool _createdSocketFile;

    /// <summary>Creates a server listening on the Unix socket at <paramref name="path"/>.</summary>
    /// <param name="path">The socket file to create.</param>
    /// <param name="handlerFactory">Creates one request handler per connection.</param>
    /// <param name="mixIn">The concurrency model; <see langword="null"/> means <see cref="SerialMixIn"/>.</param>
    /// <param name="bindAndActivate"><see langword="false"/> to bind and listen later; see <see cref="SocketServer"/>.</param>
    public UnixStreamServer(
        string path,
        Func<BaseRequestHandler> handlerFactory,
        ServerMixIn? mixIn = null,
        bool bindAndActivate = true)
        : base(CreateEndPoint(path), SocketType.Stream, ProtocolType.Unspecified, handlerFactory, mixIn, bindAndActivate)
    {
        Path = path;
    }

    /// <summary>The socket file's path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    protected override void ConfigureListeningSocket(Socket listeningSocket)
    {
        var path = ((UnixDomainSocketEndPoint)RequestedEndPoint).ToString();
        if (File.Exists(path) || Directory.Exists(path))
        {
            throw new IOException($"Cannot listen on the Unix socket {path}: the path already exists.");
        }

        // Bind runs right after this; from then on the file is ours to remove.
        _createdSocketFile = true;
    }

    /// <inheritdoc />
    protected override void OnListeningSocketClosed()
    {
        if (_createdSocketFile && !IsAdoptedSocket)
        {
            try
            {
                File.Delete(Path);
            }
            catch (IOException)
            {
                // Removing the file is a courtesy; the socket itself is already closed.
            }
        }
    }

    private static UnixDomainSocketEndPoint CreateEndPoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new UnixDomainSocketEndPoint(path);
    }
}
