namespace PooledMixIn;

/// <summary>
/// The points of the hand-off, on a pool thread, between which a worker's death costs something different: before
/// the accept the connection is still queued and nothing is lost; after it, the worker holds the connection.
/// </summary>
internal enum HandoffStep
{
    /// <summary>The thread took the token; the connection still waits in the kernel's accept queue.</summary>
    TokenTaken,

    /// <summary>The thread accepted the connection and has not yet set the event the server process waits for.</summary>
    BeforeAcknowledgement,
}
