using System.Globalization;
using System.Net.Sockets;
using System.Text;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn.Preforking;

/// <summary>Stopping the pool without resetting a connection the kernel had already queued.</summary>
public partial class PreforkingMixIn
{
    /// <summary>
    /// In the server process, once every worker has stopped: answers a connection that was still waiting in the
    /// listening socket's queue, which closing the socket would otherwise reset. The base answers an
    /// <see cref="HttpServer"/>'s connection <c>503 Service Unavailable</c> with <c>Connection: close</c> and
    /// <c>Retry-After</c>, then ends it the graceful way (<see cref="SocketServer.ShutdownRequest"/>), which is all it
    /// does for other servers.
    /// </summary>
    /// <param name="connection">The connection, accepted; the method owns it.</param>
    protected virtual void RefuseQueuedConnection(Socket connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Server is HttpServer)
        {
            try
            {
                connection.Send(ServiceUnavailable());
            }
            catch (SocketException)
            {
                // The client is gone: closing is all that is left to do.
            }
        }

        Server.ShutdownRequest(connection);
    }

    #region stop-pool
    private void StopPool()
    {
        lock (_poolLock)
        {
            var first = !_poolStopped && _supervisor is not null;
            _poolStopped = true;

            // After an upgrade the new server shares the listening socket and serves what is queued: leave it alone.
            var drainListener = first && _successor is not { HasExited: false };
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
        var refused = 0;
        foreach (var connection in ListenerDrain.AcceptQueued(Server.Socket))
        {
            RefuseQueuedConnection(connection);
            refused++;
        }

        if (refused > 0)
        {
            Log.QueuedConnectionsRefused(Server.Logger, refused);
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
