using System.Net;
using System.Net.Sockets;
using PooledMixIn.Preforking;

namespace PooledMixIn;

/// <summary>
/// The listening sockets of <see cref="AcceptStrategy.ReusePort"/>: one per worker, all bound to the same port with
/// <c>SO_REUSEPORT</c>, so that the kernel spreads new connections over them by a hash of the addresses.
/// </summary>
/// <remarks>
/// <para>
/// The server process binds the port but never listens on it: a listening socket of its own would be given its
/// share of connections, and nobody accepts there. Its bound socket holds the port (port 0 is resolved once, so
/// every worker binds the same one), and each worker inherits it, as with the other strategies, reads the port from
/// it and binds and listens on a socket of its own. Workers bind their own rather than being handed sockets made in
/// the server process because a replacement worker then simply joins the group, and nothing in the server process
/// has to track which socket belonged to whom.
/// </para>
/// <para>
/// The known price: a connection belongs to a worker's socket from its handshake on. A worker whose threads are all
/// busy still gets its share, and when a worker dies the connections queued on its socket are reset (unless the
/// machine sets <c>net.ipv4.tcp_migrate_req=1</c>, Linux 5.14, which moves them to another socket of the group).
/// </para>
/// </remarks>
internal static class ReusePortSockets
{
    private const int SolSocket = 1, SoReuseAddr = 2, SoReusePort = 15; // <asm-generic/socket.h>

    /// <summary>In the server process: a socket bound to the port with <c>SO_REUSEPORT</c>, never listening.</summary>
    public static Socket HoldPort(EndPoint requestedEndPoint)
    {
        var socket = NewReusePortSocket(requestedEndPoint.AddressFamily);
        try
        {
            socket.Bind(requestedEndPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>In a worker: its own listening socket on the port the server process holds.</summary>
    /// <param name="portHolder">The server process's bound socket, inherited; closed here, as the worker needs it no more.</param>
    /// <param name="backlog">The listen backlog of this worker's socket.</param>
    public static Socket ListenOwn(Socket portHolder, int backlog)
    {
        var endPoint = portHolder.LocalEndPoint ?? throw new InvalidOperationException("The inherited socket is not bound.");
        var socket = NewReusePortSocket(portHolder.AddressFamily);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(backlog);
            socket.Blocking = false; // as layer 1 makes every listening socket: accept must never block
            portHolder.Dispose();
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Socket NewReusePortSocket(AddressFamily family)
    {
        // Raw options: SocketOptionName.ReuseAddress would set both on Linux, and the intent is worth spelling out.
        var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
        socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
        return socket;
    }

    /// <summary>Whether this process is a worker of a pool, whose inherited socket is a port holder to replace.</summary>
    public static bool InWorker => WorkerProcess.IsWorker;
}
