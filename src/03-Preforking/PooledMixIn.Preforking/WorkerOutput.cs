namespace PooledMixIn.Preforking;

/// <summary>How the server process forwards what its workers write on standard output and standard error.</summary>
public enum WorkerOutput
{
    /// <summary>
    /// Each line as the worker wrote it, to the same stream of the server process: what a structured formatter
    /// (<c>AddJsonConsole</c>) writes stays one valid JSON object per line. A worker that wants its lines told apart
    /// says who it is in them, for example with a logging scope holding its process id. The default.
    /// </summary>
    AsWritten,

    /// <summary>
    /// Each line prefixed with <c>[worker N pid P]</c>, the worker's slot and process id: readable on a plain-text
    /// console, but no longer JSON.
    /// </summary>
    Prefixed,
}
