using System.Net;
using System.Net.Sockets;

namespace PooledMixIn;

/// <summary>A connection waiting in a <see cref="ConnectionPoller"/> for a request head, with its deadline.</summary>
internal sealed class ParkedConnection(ulong id, Socket socket, EndPoint clientAddress, long deadline, bool keptAlive)
{
    /// <summary>The key the poller registered the socket under in epoll.</summary>
    public ulong Id { get; } = id;

    public Socket Socket { get; } = socket;

    public EndPoint ClientAddress { get; } = clientAddress;

    /// <summary>
    /// When the connection's wait ends, in <see cref="Environment.TickCount64"/> milliseconds: for a kept-alive one
    /// the idle timeout until its next request's first byte, then (as for a new one) the head's deadline.
    /// </summary>
    public long Deadline { get; set; } = deadline;

    /// <summary>Whether a request was already served on the connection: it waits for the next one.</summary>
    public bool KeptAlive { get; } = keptAlive;

    /// <summary>How many bytes of a request have arrived: 0 means idle, anything more a request in progress.</summary>
    public int Received { get; set; }
}
