using PooledMixIn.Sockets.Http;

namespace PooledMixIn.Sockets.Tests.Conformance;

/// <summary>The conformance suite's app on this handler: GET answers the target, POST echoes the body.</summary>
internal sealed class ConformanceHttpHandler : BaseHttpRequestHandler
{
    public const string UnframedPath = "/unframed";

    public static HttpRequestLimits SuiteLimits { get; } = new() { MaxBodyLength = 64 * 1024 };

    public ConformanceHttpHandler()
    {
        Limits = SuiteLimits;
    }

    protected override void DoGet()
    {
        if (Path == UnframedPath)
        {
            // No Content-Length: the handler leaves the framing to the server.
            SendResponse(200);
            SendHeader("Content-Type", "text/plain");
            EndHeaders();
            WFile.Write("no length"u8);
            return;
        }

        SendContent(200, Path);
    }

    protected override void DoPost() => SendContent(200, "application/octet-stream", Body.Span);
}
