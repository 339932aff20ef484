using System.Net.Sockets;

namespace PooledMixIn.Sockets;

/// <summary>
/// A <see cref="ServerMixIn"/> that can hold an idle kept-alive connection between requests without a thread: an
/// event loop, as Apache's event MPM has. A handler that serves several requests on a connection offers it back
/// once a response is complete and nothing of the next request has arrived; when the mix-in takes it, the handler
/// returns, and the mix-in keeps the connection open and gives it to a new handler when the next request comes.
/// </summary>
public interface IIdleConnectionParking
{
    /// <summary>Offers an idle kept-alive connection back to the mix-in.</summary>
    /// <param name="connection">The connection, with no request in progress and no byte of the next one received.</param>
    /// <returns>
    /// <see langword="true"/> if the mix-in took it: the handler must return without reading from it again, and the
    /// server must not close it; <see langword="false"/> if the handler goes on waiting for the next request itself.
    /// </returns>
    bool TryTakeIdleConnection(Socket connection);
}
