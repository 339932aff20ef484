namespace PooledMixIn.Sockets.Http;

/// <summary>
/// Upper bounds on what a client may send, so that no request can make the server buffer without limit. Each
/// exceeded bound gets its own status code.
/// </summary>
public sealed record HttpRequestLimits
{
    /// <summary>The defaults: 8 KiB request line, 32 KiB of headers, 100 header fields, 1 MiB body.</summary>
    public static HttpRequestLimits Default { get; } = new();

    /// <summary>The longest request line, in bytes, without its line ending; longer gets 414 URI Too Long.</summary>
    public int MaxRequestLineLength { get; init; } = 8 * 1024;

    /// <summary>The most bytes of header fields (all lines together); more gets 431 Request Header Fields Too Large.</summary>
    public int MaxHeaderBytes { get; init; } = 32 * 1024;

    /// <summary>The most header fields; more gets 431 Request Header Fields Too Large. Python's limit is 100 too.</summary>
    public int MaxHeaderCount { get; init; } = 100;

    /// <summary>The largest <c>Content-Length</c> accepted; larger gets 413 Content Too Large.</summary>
    public long MaxBodyLength { get; init; } = 1024 * 1024;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestLineLength, 16, nameof(MaxRequestLineLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeaderBytes, 0, nameof(MaxHeaderBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeaderCount, 0, nameof(MaxHeaderCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBodyLength, 0, nameof(MaxBodyLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBodyLength, Array.MaxLength, nameof(MaxBodyLength));
    }
}
