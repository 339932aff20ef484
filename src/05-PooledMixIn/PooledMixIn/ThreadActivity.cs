namespace PooledMixIn;

/// <summary>What one pool thread is doing, as recorded in the shared scoreboard (Apache's <c>mod_status</c> keys).</summary>
public enum ThreadActivity
{
    /// <summary>Not started yet, or its worker process is gone.</summary>
    Dead = 0,

    /// <summary>Idle: waiting for its turn to accept.</summary>
    Waiting = 1,

    /// <summary>Holding the token or the lock: accepting a connection.</summary>
    Accepting = 2,

    /// <summary>
    /// Serving a connection. Until its handler reports the request's path (<see cref="PoolThread.ReportPath"/>) the
    /// status page calls it <em>reading</em>.
    /// </summary>
    Busy = 3,

    /// <summary>Done with its connection's requests: closing it.</summary>
    Closing = 4,
}
