using System.Globalization;
using System.Net;

namespace PooledMixIn.Benchmark.Load;

/// <summary>
/// One load: <see cref="Clients"/> concurrent client loops sending <c>GET <see cref="Path"/></c> to
/// <see cref="EndPoint"/> until <see cref="Duration"/> has passed or <see cref="Requests"/> have been started
/// (whichever is set; both may be), each request bounded by <see cref="Timeout"/>.
/// </summary>
internal sealed record LoadSettings(IPEndPoint EndPoint, string Path, int Clients, TimeSpan? Duration, long? Requests, bool KeepAlive, TimeSpan Timeout)
{
    /// <summary>
    /// The body a good answer has, for an app's endpoint (any <c>2xx</c> with exactly this body counts); <see langword="null"/>
    /// for the demos, whose answer is the demo line naming the path.
    /// </summary>
    public string? ExpectedBody { get; init; }

    public string Url => $"http://{EndPoint.Address}:{EndPoint.Port.ToString(CultureInfo.InvariantCulture)}{Path}";

    /// <summary>How the client talks, in one phrase for reports.</summary>
    public string ConnectionMode => KeepAlive ? "keep-alive" : "new connection per request";
}
