namespace PooledMixIn.Benchmark.Load;

/// <summary>Why a request did not count as a good answer. The order is the order of the report's columns.</summary>
internal enum ErrorKind
{
    /// <summary>The connection could not be made: refused, unreachable, no local port, or connect timed out.</summary>
    Connect,

    /// <summary>The server reset or aborted the connection while the request or response was in flight.</summary>
    Reset,

    /// <summary>The server closed the connection before a whole response arrived.</summary>
    Closed,

    /// <summary>No whole response within the per-request timeout.</summary>
    Timeout,

    /// <summary>A response arrived, but not <c>200</c>, or its status line or headers were not HTTP.</summary>
    BadStatus,

    /// <summary>A <c>200</c> arrived, but its body is not the demo line for the requested path.</summary>
    BadBody,
}
