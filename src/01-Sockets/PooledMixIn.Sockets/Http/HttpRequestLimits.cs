namespace PooledMixIn.Sockets.Http;

/// <summary>
/// Bounds on what a client may send and how slowly, so that no request can make the server buffer without limit
/// or hold a thread for ever. Each size bound exceeded gets its own status code; a deadline missed gets 408 when a
/// request has begun, and a quiet close when none has. Every value is checked when it is set.
/// </summary>
/// <remarks>
/// The deadlines follow the servers a reader knows: the head's is Apache's <c>RequestReadTimeout header=20</c>
/// (Kestrel's <c>RequestHeadersTimeout</c> is 30 s), the body's minimum rate is Kestrel's
/// <c>MinRequestBodyDataRate</c> (240 B/s after a 5 s grace), and the idle keep-alive timeout is Apache's
/// <c>KeepAliveTimeout</c> of 5 s (gunicorn's is 2 s, nginx's 75 s). On a pool of threads an idle connection costs
/// a whole thread, so the short end of those ranges is the right one.
/// </remarks>
public sealed record HttpRequestLimits
{
    private readonly int _maxRequestLineLength = 8 * 1024;
    private readonly int _maxHeaderBytes = 32 * 1024;
    private readonly int _maxHeaderCount = 100;
    private readonly long _maxBodyLength = 1024 * 1024;
    private readonly TimeSpan _requestHeadTimeout = TimeSpan.FromSeconds(20);
    private readonly TimeSpan _keepAliveTimeout = TimeSpan.FromSeconds(5);
    private readonly double _minBodyDataRate = 240;
    private readonly TimeSpan _minBodyDataRateGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>The defaults: 8 KiB request line, 32 KiB of headers, 100 header fields, 1 MiB body, and the deadlines above.</summary>
    public static HttpRequestLimits Default { get; } = new();

    /// <summary>The longest request line, in bytes, without its line ending; longer gets 414 URI Too Long. At least 16.</summary>
    public int MaxRequestLineLength
    {
        get => _maxRequestLineLength;
        init => _maxRequestLineLength = AtLeast(value, 16, nameof(MaxRequestLineLength));
    }

    /// <summary>
    /// The most bytes of header fields (all lines together), and of a chunked body's trailer fields; more gets 431
    /// Request Header Fields Too Large.
    /// </summary>
    public int MaxHeaderBytes
    {
        get => _maxHeaderBytes;
        init => _maxHeaderBytes = AtLeast(value, 0, nameof(MaxHeaderBytes));
    }

    /// <summary>The most header fields; more gets 431 Request Header Fields Too Large. Python's limit is 100 too.</summary>
    public int MaxHeaderCount
    {
        get => _maxHeaderCount;
        init => _maxHeaderCount = AtLeast(value, 0, nameof(MaxHeaderCount));
    }

    /// <summary>The largest body accepted, whether by <c>Content-Length</c> or chunked; larger gets 413 Content Too Large.</summary>
    public long MaxBodyLength
    {
        get => _maxBodyLength;
        init
        {
            // The body is read into one array before the handler runs, so it is bounded by the largest array.
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Array.MaxLength, nameof(MaxBodyLength));
            _maxBodyLength = AtLeast(value, 0L, nameof(MaxBodyLength));
        }
    }

    /// <summary>How long a client has, from its request's first byte, to send the whole head (Apache: 20 s).</summary>
    public TimeSpan RequestHeadTimeout
    {
        get => _requestHeadTimeout;
        init => _requestHeadTimeout = Positive(value, nameof(RequestHeadTimeout));
    }

    /// <summary>How long a kept-alive connection may stay idle between requests before it is closed (Apache: 5 s).</summary>
    public TimeSpan KeepAliveTimeout
    {
        get => _keepAliveTimeout;
        init => _keepAliveTimeout = Positive(value, nameof(KeepAliveTimeout));
    }

    /// <summary>
    /// The slowest a body may arrive, in bytes per second, once <see cref="MinBodyDataRateGracePeriod"/> has passed
    /// (Kestrel: 240). Slower gets 408. Positive.
    /// </summary>
    public double MinBodyDataRate
    {
        get => _minBodyDataRate;
        init
        {
            if (!double.IsFinite(value) || value <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(MinBodyDataRate), value, "The minimum body data rate must be a positive number of bytes per second.");
            }

            _minBodyDataRate = value;
        }
    }

    /// <summary>How long a body may take before <see cref="MinBodyDataRate"/> applies (Kestrel: 5 s).</summary>
    public TimeSpan MinBodyDataRateGracePeriod
    {
        get => _minBodyDataRateGracePeriod;
        init => _minBodyDataRateGracePeriod = AtLeast(value, TimeSpan.Zero, nameof(MinBodyDataRateGracePeriod));
    }

    private static T AtLeast<T>(T value, T minimum, string name)
        where T : IComparable<T>
    {
        if (value.CompareTo(minimum) < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum}.");
        }

        return value;
    }

    private static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero && value <= TimeSpan.FromMilliseconds(int.MaxValue)
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and at most {int.MaxValue} ms.");
}
