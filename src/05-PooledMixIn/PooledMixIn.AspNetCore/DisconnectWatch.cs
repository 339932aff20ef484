using System.Net.Sockets;

namespace PooledMixIn.AspNetCore;

/// <summary>
/// Notices that the client went away while its request runs, so that <c>HttpContext.RequestAborted</c> fires. The
/// pool thread is blocked in the app's pipeline and reads nothing until the app returns; Kestrel would see the FIN
/// because its transport always reads. Here one pending one-byte <c>MSG_PEEK</c> receive, run by .NET's own socket
/// engine (its epoll thread), does the reading: it completes with 0 at the client's FIN, fails at its reset, and
/// consumes nothing, so the next request's bytes stay where layer 1 will read them. A peek that finds bytes (a
/// pipelined request) means the client is still there, and the watch ends.
/// </summary>
/// <remarks>
/// It starts only when the app asks for the token, so an app that never does pays nothing. Like Kestrel, it takes a
/// client that half-closes (shuts down its sending side) for one that left.
/// </remarks>
internal sealed class DisconnectWatch : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly byte[] _peek = new byte[1];
    private readonly Action _onDisconnect;
    private bool _disposed;

    private DisconnectWatch(Action onDisconnect) => _onDisconnect = onDisconnect;

    /// <summary>Starts watching <paramref name="connection"/>; <paramref name="onDisconnect"/> runs at most once, never after <see cref="Dispose"/>.</summary>
    public static DisconnectWatch Start(Socket connection, Action onDisconnect)
    {
        var watch = new DisconnectWatch(onDisconnect);
        _ = watch.WatchAsync(connection);
        return watch;
    }

    /// <summary>Ends the watch as the request ends: the pending peek is cancelled and the callback can no longer run.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true; // a callback already running finishes first: the request's features outlive it
        }

        _stop.Cancel();
        _stop.Dispose();
    }

    #region disconnect-watch
    private async Task WatchAsync(Socket connection)
    {
        try
        {
            if (await connection.ReceiveAsync(_peek, SocketFlags.Peek, _stop.Token).ConfigureAwait(false) > 0)
            {
                return; // more bytes from the client: it is still there
            }
        }
        catch (SocketException)
        {
            // Reset by the client: gone as surely as with a FIN.
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            return; // the request ended first, or the connection was closed by this side
        }

        lock (_gate)
        {
            if (!_disposed)
            {
                _onDisconnect();
            }
        }
    }
    #endregion
}
