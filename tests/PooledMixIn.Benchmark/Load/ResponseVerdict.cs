namespace PooledMixIn.Benchmark.Load;

/// <summary>What the bytes received so far amount to.</summary>
internal enum ResponseVerdict
{
    /// <summary>Not a whole response yet: read more.</summary>
    Incomplete,

    /// <summary>A whole <c>200</c> response whose body is the demo line for the requested path.</summary>
    Good,

    /// <summary>Not <c>200</c>, or not parseable as an HTTP/1.x response head.</summary>
    BadStatus,

    /// <summary>A <c>200</c> whose body is not the demo line for the path, or framing we cannot trust.</summary>
    BadBody,
}
