namespace PooledMixIn;

/// <summary>How the threads of a <see cref="PooledProcessMixIn"/> pool decide who accepts the next connection.</summary>
public enum AcceptStrategy
{
    /// <summary>
    /// The seed's protocol: the server process polls the listening socket, releases one token on a cross-process
    /// semaphore and waits for an event; the one idle thread (in any process) that wins the token accepts, sets
    /// the event and serves. A connection is accepted only when a thread is idle, and only one thread wakes.
    /// </summary>
    Handoff,

    /// <summary>
    /// Every thread of every worker polls and accepts from the shared socket itself (Stevens' "no locking"): the
    /// kernel serialises accept, and every idle thread wakes for every connection — the thundering herd.
    /// </summary>
    SharedAccept,

    /// <summary>
    /// Threads take turns under a cross-process lock around poll and accept (nginx's <c>accept_mutex</c>, Stevens'
    /// "locking around accept"): one thread waits on the socket at a time.
    /// </summary>
    AcceptLock,

    /// <summary>
    /// Each worker waits on the shared socket with an epoll instance of its own, registered <c>EPOLLEXCLUSIVE</c>
    /// only while the worker has an idle thread; the kernel wakes one worker (rarely more) per connection, and one
    /// idle thread of that worker accepts and serves it. Apache's worker MPM without its accept mutex: no lock and
    /// no round trip through the server process. Linux 4.5 or later.
    /// </summary>
    EpollExclusive,

    /// <summary>
    /// A listening socket per worker, all bound to one port with <c>SO_REUSEPORT</c>: the kernel hashes each new
    /// connection to one worker's socket, and the worker's idle threads take turns on it. Nothing is shared between
    /// workers, but a connection is assigned before anyone knows whether that worker has an idle thread, and the
    /// connections queued on a worker that dies are reset (unless <c>net.ipv4.tcp_migrate_req=1</c>).
    /// </summary>
    ReusePort,
}
