using System.Globalization;
using System.Net.Sockets;
using System.Text;
using PooledMixIn.Sockets;

namespace PooledMixIn.Preforking;

/// <summary>Stopping the pool without resetting a connection the kernel had already queued.</summary>
public partial class PreforkingMixIn
{
    /// <summary>
    /// In the server process, once every worker has stopped: writes the answer to a connection that was still waiting
    /// in the listening socket's queue, which closing the socket would otherwise reset. The base answers an
    /// <see cref="HttpServer"/>'s connection <c>503 Service Unavailable</c> with <c>Connection: close</c> and
    /// <c>Retry-After</c>, and writes nothing for other servers. Each connection is then ended gracefully, all of them
    /// together: FIN, and what their clients still send is read and discarded for at most two seconds in all, so that
    /// unread input does not turn the close into a reset.
    /// </summary>
    /// <param name="connection">The connection, accepted; the caller ends it.</param>
    protected virtual void RefuseQueuedConnection(Socket connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Server is HttpServer)
        {
            connection.Send(ServiceUnavailable());
        }
    }

    #region stop-pool
    private void StopPool()
    {
        lock (_poolLock)
        {
            var first = !_poolStopped && _supervisor is not null;
            _poolStopped = true;

            // After an upgrade the new server shares the listening socket and serves what is queued: leave it alone.
            // A socket the server process holds without listening (layer 5's reuseport strategy: each worker listens
            // on its own) has no queue to drain.
            var drainListener = first && _successor is not { HasExited: false } && ListenerDrain.IsListening(Server.Socket);
            if (first)
            {
                SystemdNotify.Stopping();
                OnPoolStopping();
            }

            if (drainListener)
            {
                ListenerDrain.KeepNewConnectionsOut(Server.Socket);
            }

            _supervisor?.Stop(_quickStop ? TimeSpan.Zero : GracefulStopTimeout);
            if (drainListener)
            {
                RefuseQueuedConnections();
            }
        }
    }

    /// <summary>Answers every connection still queued once the workers have stopped, before the socket closes.</summary>
    private void RefuseQueuedConnections()
    {
        var refused = new List<Socket>();
        foreach (var connection in ListenerDrain.AcceptQueued(Server.Socket))
        {
            refused.Add(connection);
            try
            {
                RefuseQueuedConnection(connection);
            }
            catch (SocketException)
            {
                // Its client is gone: closing is all that is left to do.
            }
        }

        if (refused.Count > 0)
        {
            ListenerDrain.CloseAllGracefully(refused);
            Log.QueuedConnectionsRefused(SupervisorLogger, refused.Count);
        }
    }
    #endregion

    private static byte[] ServiceUnavailable()
    {
        const string Body = "The server is shutting down; try again.\n";
        return Encoding.ASCII.GetBytes(
            "HTTP/1.1 503 Service Unavailable\r\n" +
            $"Date: {DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture)}\r\n" + // IMF-fixdate
            "Content-Type: text/plain\r\n" +
            $"Content-Length: {Body.Length}\r\n" +
            "Connection: close\r\n" +
            "Retry-After: 1\r\n\r\n" + Body);
    }
}
