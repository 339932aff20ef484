using System.Net;
using System.Net.Sockets;

namespace PooledMixIn.Sockets;

/// <summary>
/// Handles one connection: Python's <c>socketserver.BaseRequestHandler</c>. The server creates a new handler per
/// connection and calls <see cref="Setup"/>, <see cref="Handle"/> and, even if <see cref="Handle"/> throws,
/// <see cref="Finish"/>.
/// </summary>
/// <remarks>
/// Python runs the three steps from the handler's constructor; here a factory creates the handler and the server
/// runs it, so a handler can take constructor arguments of its own and properties are set before any step runs.
/// </remarks>
public abstract class BaseRequestHandler
{
    private Socket? _request;
    private EndPoint? _clientAddress;
    private SocketServer? _server;

    /// <summary>The connection: Python's <c>self.request</c>.</summary>
    public Socket Request => _request ?? throw NotRunning();

    /// <summary>The peer's address: Python's <c>self.client_address</c>.</summary>
    public EndPoint ClientAddress => _clientAddress ?? throw NotRunning();

    /// <summary>The server that accepted the connection: Python's <c>self.server</c>.</summary>
    public SocketServer Server => _server ?? throw NotRunning();

    /// <summary>Prepares for <see cref="Handle"/>. The base does nothing.</summary>
    public virtual void Setup()
    {
    }

    /// <summary>Serves the connection.</summary>
    public abstract void Handle();

    /// <summary>Cleans up after <see cref="Handle"/>, whether or not it succeeded. The base does nothing.</summary>
    public virtual void Finish()
    {
    }

    #region handler-run
    internal void Run(Socket request, EndPoint clientAddress, SocketServer server)
    {
        if (_request is not null)
        {
            throw new InvalidOperationException("A request handler serves one connection; create a new one per connection.");
        }

        _request = request;
        _clientAddress = clientAddress;
        _server = server;
        Setup();
        try
        {
            Handle();
        }
        finally
        {
            Finish();
        }
    }
    #endregion

    private InvalidOperationException NotRunning() =>
        new($"{GetType().Name} is not serving a connection; the server sets this before calling {nameof(Setup)}.");
}
