using System.Net;
using PooledMixIn.Sockets.Http;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Sockets.Tests;

/// <summary>
/// What the library allocates per request on a kept-alive connection, once warm: parsing the head, deciding the
/// framing and writing the response. Counted on the serving thread with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>, so the figure is exact and independent of the machine's load.
/// </summary>
public sealed class HotPathAllocationTests
{
    private const int WarmUpRequests = 100;
    private const int MeasuredRequests = 200;
    private const double MaxBytesPerRequest = 16;

    #region test-hot-path-allocations
    [Fact]
    public void A_kept_alive_request_that_repeats_allocates_nothing_once_warm_but_the_date_once_a_second()
    {
        var allocatedAt = new long[WarmUpRequests + MeasuredRequests];
        using var serving = new ServingThread(new HttpServer(new IPEndPoint(IPAddress.Loopback, 0),
            () => new AllocationRecordingHandler(allocatedAt) { Timeout = TestTimeouts.Operation }));
        using var client = RawHttpClient.Connect(serving.Server.ServerAddress);

        for (var i = 0; i < allocatedAt.Length; i++)
        {
            client.Send("GET /bench HTTP/1.1\r\nHost: 127.0.0.1:8888\r\nUser-Agent: load\r\n\r\n");
            client.ReadResponse().Text.Should().Be("ok");
        }

        // Any object allocated per request costs at least 24 bytes each time. What may remain is the Date header's text,
        // made once a second for every thread (about 110 bytes): under the bound unless the loop takes half a minute.
        var perRequest = (allocatedAt[^1] - allocatedAt[WarmUpRequests]) / (double)(MeasuredRequests - 1);
        perRequest.Should().BeLessThan(MaxBytesPerRequest,
            "parsing, framing and writing a repeated kept-alive request reuse what the previous one made");
    }
    #endregion

    /// <summary>Records the thread's allocation counter as each request reaches it, then answers without allocating.</summary>
    private sealed class AllocationRecordingHandler(long[] allocatedAt) : BaseHttpRequestHandler
    {
        private static readonly byte[] s_body = "ok"u8.ToArray();
        private int _requests;

        protected override void DoGet()
        {
            allocatedAt[_requests++] = GC.GetAllocatedBytesForCurrentThread();
            SendResponse(200);
            SendHeader("Content-Type", "text/plain");
            SendHeader("Content-Length", "2");
            EndHeaders();
            WFile.Write(s_body);
        }
    }
}
