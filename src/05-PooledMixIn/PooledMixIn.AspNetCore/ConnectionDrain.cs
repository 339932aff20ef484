using System.Collections.Concurrent;

namespace PooledMixIn.AspNetCore;

/// <summary>
/// A worker's open connections, so that a graceful stop does not wait for kept-alive clients. A thread waiting for
/// the next request on an idle connection would otherwise hold the stop until its read times out; draining closes
/// the read side of every idle connection (the thread sees the end of input and moves on), and a connection busy
/// with a request answers it with <c>Connection: close</c> and ends. Kestrel does the same on shutdown.
/// </summary>
internal sealed class ConnectionDrain
{
    private readonly ConcurrentDictionary<IDrainableConnection, byte> _open = new();
    private volatile bool _draining;

    /// <summary>Whether the worker is stopping: no connection should be kept alive any more.</summary>
    public bool IsDraining => _draining;

    public void Add(IDrainableConnection connection) => _open.TryAdd(connection, 0);

    public void Remove(IDrainableConnection connection) => _open.TryRemove(connection, out _);

    public void Drain()
    {
        _draining = true;
        Interlocked.MemoryBarrier(); // pairs with the barrier in the connection: one of the two sees the other
        foreach (var connection in _open.Keys)
        {
            connection.CloseIfIdle();
        }
    }
}
