using System.Net;
using System.Net.Sockets;

namespace PooledMixIn;

/// <summary>A connection waiting in a <see cref="ConnectionPoller"/> for its request head, with its deadline.</summary>
internal sealed class ParkedConnection(ulong id, Socket socket, EndPoint clientAddress, long deadline)
{
    /// <summary>The key the poller registered the socket under in epoll.</summary>
    public ulong Id { get; } = id;

    public Socket Socket { get; } = socket;

    public EndPoint ClientAddress { get; } = clientAddress;

    /// <summary>When the head must be complete, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    public long Deadline { get; } = deadline;

    /// <summary>How many bytes of a request have arrived: 0 means idle, anything more a request in progress.</summary>
    public int Received { get; set; }
}
