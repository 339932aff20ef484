using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using PooledMixIn.Ipc;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn;

/// <summary>
/// One worker's parked connections: an edge-triggered epoll set, and the connections in the order they were parked,
/// new ones and kept-alive ones between requests alike. A connection leaves by one of three doors: its head is
/// complete (it goes to a pool thread), its deadline passed (408 if it had begun a request, else a quiet close), or
/// the poller is full and it is the oldest idle one (closed, as nginx does past <c>worker_connections</c>).
/// </summary>
/// <remarks>
/// The poller never reads a request: it <em>peeks</em> (<c>MSG_PEEK</c>) at the bytes the kernel holds and asks
/// layer 1's <see cref="HttpRequestParser.IsHeadComplete"/> whether the head is all there. The pool thread's handler
/// then reads the same bytes as if it had waited for them, so there is one parser and one handler, unchanged.
/// Peeking leaves the socket readable, so the registration is edge-triggered: each new segment is one event.
/// </remarks>
internal sealed class ConnectionPoller : IDisposable
{
    private const int MaxEventsPerWait = 64;
    private static readonly byte[] s_requestTimeout =
        "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"u8.ToArray();

    private readonly SafeFileDescriptorHandle _epoll;
    private readonly LinkedList<ParkedConnection> _parked = new();
    private readonly Dictionary<ulong, LinkedListNode<ParkedConnection>> _byId = [];
    private readonly object _gate = new();
    private readonly byte[] _peek;
    private readonly HttpRequestLimits _limits;
    private readonly int _capacity;
    private readonly Action<ParkedConnection> _headComplete;
    private readonly Action _keptAliveEnded;
    private ulong _nextId;

    /// <param name="limits">The head's deadline, and its largest size: a head that fills the peek buffer goes on.</param>
    /// <param name="capacity">The most connections parked at once.</param>
    /// <param name="headComplete">Receives each connection whose head has arrived; from then on it owns it.</param>
    /// <param name="keptAliveEnded">Told when a connection that was served before ends here: its serving is complete.</param>
    public ConnectionPoller(HttpRequestLimits limits, int capacity, Action<ParkedConnection> headComplete, Action keptAliveEnded)
    {
        (_limits, _capacity, _headComplete, _keptAliveEnded) = (limits, capacity, headComplete, keptAliveEnded);
        _peek = new byte[limits.MaxRequestLineLength + limits.MaxHeaderBytes + 4];
        var fd = Interop.Libc.EpollCreate1(Interop.Libc.EPOLL_CLOEXEC);
        if (fd < 0)
        {
            throw new IOException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        _epoll = new SafeFileDescriptorHandle(fd, ownsHandle: true);
    }

    /// <summary>How many connections are parked.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _parked.Count;
            }
        }
    }

    /// <summary>
    /// Whether a parked connection may still bring a request to serve: a new one, whose client has yet to send its
    /// first request, or one whose request has begun. A stopping worker waits for these; an idle kept-alive connection
    /// it closes, as any stopping server does.
    /// </summary>
    public bool HasRequestsOnTheWay
    {
        get
        {
            lock (_gate)
            {
                foreach (var connection in _parked)
                {
                    if (!connection.KeptAlive || connection.Received > 0 || HasBytesWaiting(connection.Socket))
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }

    #region poller-room
    /// <summary>
    /// Whether one more connection may be accepted: there is room, or an idle parked connection can make room (see
    /// <see cref="Park"/>). Nothing is closed here: the acceptor asks before it takes a turn, and a turn may bring no
    /// connection, so closing now could drop an idle client for room nobody needed. When every parked connection is
    /// mid-request, waits (up to <paramref name="wait"/>) for one to leave.
    /// </summary>
    public bool WaitForRoom(TimeSpan wait)
    {
        lock (_gate)
        {
            if (_parked.Count < _capacity || OldestIdle(except: null) is not null)
            {
                return true;
            }

            Monitor.Wait(_gate, wait);
            return _parked.Count < _capacity || OldestIdle(except: null) is not null;
        }
    }

    /// <summary>
    /// Past the bound, closes the oldest idle connections, never <paramref name="parked"/> itself: a connection that
    /// has sent nothing loses nothing but a socket, while one that has begun a request is never dropped for room. When
    /// none is idle the bound is overshot, by at most the acceptor's one connection and each pool thread's kept-alive
    /// one, rather than a request being lost.
    /// </summary>
    private void TrimToCapacity(LinkedListNode<ParkedConnection> parked)
    {
        while (_parked.Count > _capacity && OldestIdle(except: parked) is { } idle)
        {
            Close(Unpark(idle), requestTimeout: false);
        }
    }

    /// <summary>
    /// The connection parked longest that is idle: no byte of a request seen by the poller, and none waiting in the
    /// kernel either, since the poller may not have inspected bytes that arrived a moment ago.
    /// </summary>
    private LinkedListNode<ParkedConnection>? OldestIdle(LinkedListNode<ParkedConnection>? except)
    {
        for (var node = _parked.First; node is not null; node = node.Next)
        {
            if (node != except && node.Value.Received == 0 && !HasBytesWaiting(node.Value.Socket))
            {
                return node;
            }
        }

        return null;
    }
    #endregion

    /// <summary>
    /// Parks a connection until a request head arrives: a new one for <see cref="HttpRequestLimits.RequestHeadTimeout"/>
    /// from now; a kept-alive one for <see cref="HttpRequestLimits.KeepAliveTimeout"/> until the next request's first
    /// byte, then for the head's deadline from that byte, as layer 1's handler counts them.
    /// </summary>
    /// <returns>
    /// Whether it is parked; <see langword="false"/> when epoll refused it (out of memory or descriptors), in which
    /// case it has been closed: one client loses its connection, and the worker goes on.
    /// </returns>
    public bool Park(Socket socket, EndPoint clientAddress, bool keptAlive)
    {
        var deadline = Environment.TickCount64 + Milliseconds(keptAlive ? _limits.KeepAliveTimeout : _limits.RequestHeadTimeout);
        lock (_gate)
        {
            var connection = new ParkedConnection(++_nextId, socket, clientAddress, deadline, keptAlive);
            var node = _parked.AddLast(connection);
            _byId.Add(connection.Id, node);
            if (!Register(FdOf(socket), connection.Id))
            {
                Close(Unpark(node), requestTimeout: false);
                return false;
            }

            TrimToCapacity(node);
            return true;
        }
    }

    #region poller-turn
    /// <summary>
    /// One turn of the worker's event loop: waits up to <paramref name="timeout"/> (less if a deadline comes sooner)
    /// for sockets with new bytes, moves on every connection whose head is complete, then ends those whose deadline
    /// has passed.
    /// </summary>
    public unsafe void PollOnce(TimeSpan timeout)
    {
        var buffer = stackalloc byte[MaxEventsPerWait * EpollEvents.Size];
        var count = Interop.Libc.EpollWait(_epoll.FileDescriptor, buffer, MaxEventsPerWait, WaitMilliseconds(timeout));
        if (count < 0 && Marshal.GetLastPInvokeError() != Interop.Libc.EINTR)
        {
            throw new IOException($"epoll_wait failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        var events = new ReadOnlySpan<byte>(buffer, MaxEventsPerWait * EpollEvents.Size);
        for (var i = 0; i < count; i++)
        {
            var (flags, id) = EpollEvents.Read(events, i);
            Inspect(id, flags);
        }

        ExpireDeadlines();
    }
    #endregion

    #region poller-inspect
    private void Inspect(ulong id, uint events)
    {
        ParkedConnection? ready;
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var node))
            {
                return; // closed for room between the wait and now
            }

            var connection = node.Value;
            var peeked = Peek(connection.Socket);
            var clientStopped = (events & (Interop.Libc.EPOLLRDHUP | Interop.Libc.EPOLLHUP | Interop.Libc.EPOLLERR)) != 0;
            if (peeked == 0 && clientStopped)
            {
                Close(Unpark(node), requestTimeout: false); // gone before sending a byte
                return;
            }

            if (connection.KeptAlive && connection.Received == 0)
            {
                connection.Deadline = Environment.TickCount64 + Milliseconds(_limits.RequestHeadTimeout);
            }

            connection.Received = peeked;
            // A full peek buffer is a head over the limits, and a client that stopped sending leaves a head that
            // will never complete: either way the handler answers at once (431, 414 or 400) from bytes already here.
            if (!HttpRequestParser.IsHeadComplete(_peek.AsSpan(0, peeked)) && peeked < _peek.Length && !clientStopped)
            {
                return;
            }

            ready = Unpark(node);
        }

        _headComplete(ready);
    }
    #endregion

    /// <summary>Ends every connection whose deadline has passed: a scan, bounded by the poller's capacity.</summary>
    private void ExpireDeadlines()
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            for (var node = _parked.First; node is not null;)
            {
                var next = node.Next;
                // An idle connection whose first bytes arrived since the wait returned is left for their event.
                if (node.Value.Deadline <= now && (node.Value.Received > 0 || !HasBytesWaiting(node.Value.Socket)))
                {
                    var connection = Unpark(node);
                    Close(connection, requestTimeout: connection.Received > 0);
                }

                node = next;
            }
        }
    }

    private int WaitMilliseconds(TimeSpan timeout)
    {
        var wait = (long)timeout.TotalMilliseconds;
        var now = Environment.TickCount64;
        lock (_gate)
        {
            foreach (var connection in _parked)
            {
                wait = Math.Min(wait, Math.Max(0, connection.Deadline - now));
            }
        }

        return (int)Math.Clamp(wait, 0, int.MaxValue);
    }

    private static long Milliseconds(TimeSpan span) => (long)span.TotalMilliseconds;

    /// <summary>Whether the kernel holds bytes the client sent (<c>FIONREAD</c>); a broken connection holds none.</summary>
    private static bool HasBytesWaiting(Socket socket)
    {
        try
        {
            return socket.Available > 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private int Peek(Socket socket)
    {
        var received = socket.Receive(_peek, SocketFlags.Peek, out var error);
        return error == SocketError.Success ? received : 0;
    }

    /// <summary>Removes a connection from the set and the epoll instance; the caller owns it from then on.</summary>
    private ParkedConnection Unpark(LinkedListNode<ParkedConnection> node)
    {
        var connection = node.Value;
        _parked.Remove(node);
        _byId.Remove(connection.Id);
        Unregister(FdOf(connection.Socket));
        Monitor.PulseAll(_gate); // room for the acceptor
        return connection;
    }

    #region poller-close
    /// <summary>
    /// Ends a parked connection on the poller's thread: a request cut off by its deadline is told so with 408, as
    /// the handler would; what the client sent is read and dropped first, so that the close sends FIN, not a reset
    /// that could destroy the 408 before the client reads it.
    /// </summary>
    private void Close(ParkedConnection connection, bool requestTimeout)
    {
        if (connection.KeptAlive)
        {
            _keptAliveEnded();
        }

        var socket = connection.Socket;
        try
        {
            socket.Blocking = false;
            while (socket.Receive(_peek, SocketFlags.None, out var error) > 0 && error == SocketError.Success)
            {
                // discard the unfinished head
            }

            if (requestTimeout)
            {
                socket.Send(s_requestTimeout, SocketFlags.None, out _); // a few bytes into an empty send buffer
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The client is gone already: closing is all that is left.
        }
        finally
        {
            socket.Dispose();
        }
    }
    #endregion

    /// <summary>Adds a socket to the epoll set, edge-triggered, keyed by its connection's id.</summary>
    private unsafe bool Register(int fd, ulong id)
    {
        var registration = stackalloc byte[EpollEvents.Size];
        EpollEvents.Write(new Span<byte>(registration, EpollEvents.Size), 0,
            Interop.Libc.EPOLLIN | Interop.Libc.EPOLLRDHUP | Interop.Libc.EPOLLET, id);
        return Interop.Libc.EpollCtl(_epoll.FileDescriptor, Interop.Libc.EPOLL_CTL_ADD, fd, registration) == 0;
    }

    private unsafe void Unregister(int fd)
    {
        var unused = stackalloc byte[EpollEvents.Size]; // ignored by EPOLL_CTL_DEL, but kernels before 2.6.9 required it
        _ = Interop.Libc.EpollCtl(_epoll.FileDescriptor, Interop.Libc.EPOLL_CTL_DEL, fd, unused);
    }

    private static int FdOf(Socket socket) => (int)socket.SafeHandle.DangerousGetHandle();

    /// <summary>Closes every parked connection quietly, then the epoll instance.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            while (_parked.First is { } node)
            {
                Close(Unpark(node), requestTimeout: false);
            }
        }

        _epoll.Dispose();
    }
}
