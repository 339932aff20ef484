using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Sockets.Tests;

/// <summary>
/// Real HTTP clients against the layer 1 demo, run as its own process: curl, Python's <c>http.client</c>, .NET's
/// <see cref="HttpClient"/> and wrk, with and without keep-alive. None may see an error: each was, before the
/// handler echoed <c>Connection: close</c>, answered <c>100 Continue</c> and framed every response.
/// </summary>
public sealed partial class RealClientTests : IDisposable
{
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromSeconds(60);
    private readonly ServerProcess _demo = ServerProcess.Start(
        ServerProcess.HelperPath(typeof(RealClientTests).Assembly, "DemoPath"), []);

    private string Url(string path) => $"http://{_demo.EndPoint}{path}";

    public void Dispose()
    {
        _demo.Terminate();
        _demo.Dispose();
    }

    [Fact]
    public void Curl_reuses_one_connection_for_several_requests_and_gets_every_answer()
    {
        var result = ExternalTool.Run("curl", ["-sS", "-v", "--max-time", "20", Url("/a"), Url("/b"), Url("/c")], s_toolTimeout);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().Contain("uri=[/a]").And.Contain("uri=[/b]").And.Contain("uri=[/c]");
        result.Error.Should().Contain("Re-using existing connection", result.ToString());
    }

    [Fact]
    public void Curl_with_Expect_100_continue_gets_the_interim_response_before_it_sends_its_body()
    {
        var result = ExternalTool.Run("curl",
            ["-sS", "-v", "--max-time", "20", "-H", "Expect: 100-continue", "--data-binary", "@-", Url("/upload")],
            s_toolTimeout, standardInput: new string('x', 4096));

        result.ExitCode.Should().Be(0, result.ToString());
        result.Error.Should().Contain("HTTP/1.1 100 Continue", result.ToString());
        result.Error.Should().Contain("HTTP/1.1 405", "the demo implements GET only, and says so after reading the body");
    }

    [Fact]
    public void Curl_HEAD_gets_the_headers_and_returns_at_once()
    {
        var result = ExternalTool.Run("curl", ["-sS", "-I", "--max-time", "20", Url("/head")], s_toolTimeout);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().StartWith("HTTP/1.1 200").And.Contain("Content-Length:");
    }

    [Fact]
    public void Python_http_client_keeps_one_connection_through_GET_HEAD_and_a_chunked_POST()
    {
        const string script = """
            import http.client, sys
            host, port = sys.argv[1], int(sys.argv[2])
            conn = http.client.HTTPConnection(host, port, timeout=20)
            for path in ["/py1", "/py2"]:
                conn.request("GET", path)
                r = conn.getresponse()
                print(r.status, r.read().decode().strip())
            conn.request("HEAD", "/py-head")
            r = conn.getresponse()
            print(r.status, len(r.read()))
            conn.request("POST", "/py-post", body=iter([b"ab", b"cd"]), encode_chunked=True)
            r = conn.getresponse()
            r.read()
            print(r.status)
            conn.request("GET", "/py-last")
            r = conn.getresponse()
            print(r.status, r.read().decode().strip())
            conn.close()
            """;

        var result = ExternalTool.Run("python3", ["-c", script, _demo.EndPoint.Address.ToString(), _demo.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], s_toolTimeout);

        result.ExitCode.Should().Be(0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(5, result.ToString());
        lines[0].Should().StartWith("200").And.Contain("uri=[/py1]");
        lines[1].Should().StartWith("200").And.Contain("uri=[/py2]");
        lines[2].Should().Be("200 0");
        lines[3].Should().Be("405", "a chunked body is decoded, and the demo implements GET only");
        lines[4].Should().StartWith("200").And.Contain("uri=[/py-last]");
    }

    [Fact]
    public async Task Dotnet_HttpClient_serves_GET_HEAD_and_a_chunked_POST_on_a_kept_alive_connection()
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1 };
        using var client = new HttpClient(handler) { Timeout = TestTimeouts.Operation };

        var get = await client.GetStringAsync(new Uri(Url("/dotnet")));
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(Url("/dotnet-head"))));
        using var upload = new HttpRequestMessage(HttpMethod.Post, new Uri(Url("/dotnet-post")))
        {
            Content = new ByteArrayContent("chunked body"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } },
            Headers = { TransferEncodingChunked = true },
        };
        using var post = await client.SendAsync(upload);
        var last = await client.GetStringAsync(new Uri(Url("/dotnet-last")));

        get.Should().Contain("uri=[/dotnet]");
        head.IsSuccessStatusCode.Should().BeTrue();
        post.StatusCode.Should().Be(System.Net.HttpStatusCode.MethodNotAllowed);
        last.Should().Contain("uri=[/dotnet-last]");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Wrk_sees_no_socket_errors_and_no_error_statuses(bool connectionClose)
    {
        // One connection: the layer 1 server is serial, so more would only wait in its accept queue.
        string[] close = connectionClose ? ["-H", "Connection: close"] : [];
        var result = ExternalTool.Run("wrk", ["-t1", "-c1", "-d1s", .. close, Url("/wrk")], s_toolTimeout);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Output.Should().NotContain("Socket errors", result.ToString());
        result.Output.Should().NotContain("Non-2xx", result.ToString());
        int.Parse(RequestsLine().Match(result.Output).Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BePositive(result.ToString());
    }

    [GeneratedRegex(@"(?<count>\d+) requests in")]
    private static partial Regex RequestsLine();
}
