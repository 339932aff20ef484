namespace PooledMixIn;

/// <summary>What one pool thread is doing, as recorded in the shared scoreboard (Apache's <c>mod_status</c> keys).</summary>
/// <remarks>The values are stored in shared memory; new ones are added at the end.</remarks>
public enum ThreadActivity
{
    /// <summary>Not started yet, or its worker process is gone.</summary>
    Dead = 0,

    /// <summary>Idle: waiting for its turn to accept, or (in the event form) for a request whose head has arrived.</summary>
    Waiting = 1,

    /// <summary>Holding the token or the lock: accepting a connection.</summary>
    Accepting = 2,

    /// <summary>
    /// Serving a request: its head has arrived. In the event form a thread is busy from the moment it is given a
    /// connection; in the thread-holding form, from its handler's <see cref="PoolThread.ReportPath"/>. Only a busy
    /// thread can be hung (<see cref="PooledProcessMixIn.HangTimeout"/>).
    /// </summary>
    Busy = 3,

    /// <summary>Done with its connection's requests: closing it.</summary>
    Closing = 4,

    /// <summary>
    /// Holding a new connection whose request has not yet been reported (thread-holding form): reading its head,
    /// which the head's own deadline bounds (Apache's <c>R</c>).
    /// </summary>
    Reading = 5,

    /// <summary>
    /// Holding a kept-alive connection between requests, waiting for the next one's head (thread-holding form;
    /// Apache's <c>K</c>). The keep-alive timeout bounds it; it is not a hang, however long it lasts.
    /// </summary>
    KeepAlive = 6,
}
