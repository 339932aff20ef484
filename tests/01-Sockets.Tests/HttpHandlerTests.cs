using System.Net;
using System.Text;
using PooledMixIn.Sockets.Http;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Sockets.Tests;

public sealed class HttpHandlerTests : IDisposable
{
    private static readonly HttpRequestLimits s_smallLimits = new()
    {
        MaxRequestLineLength = 64,
        MaxHeaderBytes = 256,
        MaxHeaderCount = 4,
        MaxBodyLength = 16,
    };

    private readonly RecordingTcpServer _server;
    private readonly ServingThread _serving;

    public HttpHandlerTests()
    {
        // A generous timeout: on two busy cores a client can be descheduled between connect and send.
        _server = new RecordingTcpServer(() => new EchoHttpHandler { Limits = s_smallLimits, Timeout = TestTimeouts.Operation });
        _serving = new ServingThread(_server);
    }

    public void Dispose() => _serving.Dispose();

    [Fact]
    public void A_GET_is_dispatched_to_DoGet()
    {
        var response = Exchange("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        response.StatusCode.Should().Be(200);
        response.Text.Should().Be("/hello");
        response.Header("Server").Should().Be("PooledMixIn/1.0");
        response.Header("Date").Should().EndWith("GMT");
    }

    [Fact]
    public void A_POST_body_announced_by_Content_Length_reaches_DoPost()
    {
        var response = Exchange("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nConnection: close\r\n\r\nabcde");

        response.StatusCode.Should().Be(200);
        response.Text.Should().Be("abcde");
    }

    [Fact]
    public void An_HTTP_1_1_connection_is_kept_alive_for_pipelined_requests_until_Connection_close()
    {
        using var client = RawHttpClient.Connect(_server.ServerAddress);
        client.Send("GET /a HTTP/1.1\r\nHost: t\r\n\r\nPOST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nxyGET /c HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        var texts = Enumerable.Range(0, 3).Select(_ => client.ReadResponse().Text).ToList();

        texts.Should().Equal("/a", "xy", "/c");
        client.IsClosedByServer().Should().BeTrue();
    }

    [Fact]
    public void An_HTTP_1_0_connection_is_closed_after_one_response()
    {
        using var client = RawHttpClient.Connect(_server.ServerAddress);
        client.Send("GET /old HTTP/1.0\r\n\r\n");

        client.ReadResponse().Text.Should().Be("/old");
        client.IsClosedByServer().Should().BeTrue();
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n", 400)]
    [InlineData("GET /a b HTTP/1.1\r\nHost: t\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: t\r\n folded: x\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx", 400)]
    [InlineData("PUT / HTTP/1.1\r\nHost: t\r\n\r\n", 405)]
    [InlineData("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 17\r\n\r\n", 413)]
    [InlineData("BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n", 501)]
    [InlineData("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501)]
    [InlineData("GET / HTTP/2.0\r\n\r\n", 505)]
    [InlineData("GET / HTTP/0.9\r\n\r\n", 505)]
    public void Bad_input_gets_the_status_that_names_the_problem_and_the_connection_is_closed(string request, int status)
    {
        using var client = RawHttpClient.Connect(_server.ServerAddress);
        client.Send(request);

        var response = ReadResponseOrExplain(client);

        response.StatusCode.Should().Be(status, response.Text);
        response.Header("Connection").Should().Be(status == 405 ? null : "close");
        if (status != 405)
        {
            client.IsClosedByServer().Should().BeTrue();
        }
    }

    [Fact]
    public void A_method_not_implemented_is_answered_405_with_the_methods_that_are()
    {
        var response = Exchange("DELETE /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        response.StatusCode.Should().Be(405);
        response.Header("Allow").Should().Be("GET, HEAD, POST, OPTIONS", "HEAD is served by DoGet and OPTIONS by default (RFC 9110 §9.1, §9.3.7)");
    }

    [Fact]
    public void A_request_line_over_the_limit_gets_414()
    {
        var response = Exchange($"GET /{new string('a', 100)} HTTP/1.1\r\n\r\n");

        response.StatusCode.Should().Be(414);
    }

    [Fact]
    public void Too_many_header_fields_get_431()
    {
        var headers = string.Concat(Enumerable.Range(0, 4).Select(i => $"X-{i}: {i}\r\n"));

        Exchange($"GET / HTTP/1.1\r\nHost: t\r\n{headers}\r\n").StatusCode.Should().Be(431);
    }

    [Fact]
    public void Header_fields_over_the_byte_limit_get_431()
    {
        Exchange($"GET / HTTP/1.1\r\nHost: t\r\nX-Big: {new string('v', 300)}\r\n\r\n").StatusCode.Should().Be(431);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: t\r\nX-Big: ", 431)]
    [InlineData("GET /", 414)]
    public void A_line_that_outgrows_the_limits_is_refused_without_waiting_for_its_end(string start, int status)
    {
        // The default limits: the first read (4 KiB at most) ends the lines before the big one inside them, and every
        // later read is of the one line that never ends. The client sends more than a whole head may hold, and waits.
        using var server = new RecordingTcpServer(() => new EchoHttpHandler { Timeout = TestTimeouts.Operation });
        using var serving = new ServingThread(server);
        var limits = new HttpRequestLimits();
        using var client = RawHttpClient.Connect(server.ServerAddress);
        client.Send(start + new string('v', 2 * (limits.MaxRequestLineLength + limits.MaxHeaderBytes)));

        client.ReadResponse().StatusCode.Should().Be(status);
    }

    [Fact]
    public void Responses_leave_at_once_without_waiting_for_the_previous_one_to_be_acknowledged()
    {
        // Nagle's algorithm held the response to the second of two pipelined requests until the client's delayed
        // acknowledgement of the first: about 40 ms each time on Linux. The handler reports the option it was served with.
        using var server = new RecordingTcpServer(() => new NoDelayReportingHandler());
        using var serving = new ServingThread(server);

        var response = Exchange(server, "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        response.Text.Should().Be("NoDelay=True", "every HTTP connection is served with TCP_NODELAY unless a handler opts out");
    }

    [Fact]
    public void A_client_that_stalls_in_the_middle_of_a_request_gets_408()
    {
        using var server = NewServerWithShortTimeout();
        using var client = RawHttpClient.Connect(server.ServerAddress);
        client.Send("GET /slow HTTP/1.1\r\nHost: t\r\n"); // and never the blank line
        using var serving = new ServingThread(server); // only now: the bytes are queued before the server reads

        var response = client.ReadResponse();

        response.StatusCode.Should().Be(408);
        client.IsClosedByServer().Should().BeTrue();
    }

    [Fact]
    public void An_idle_keep_alive_connection_is_closed_quietly_after_the_timeout()
    {
        using var server = NewServerWithShortTimeout();
        using var client = RawHttpClient.Connect(server.ServerAddress);
        client.Send("GET /first HTTP/1.1\r\nHost: t\r\n\r\n");
        using var serving = new ServingThread(server); // only now: the request is queued before the server reads
        client.ReadResponse().Text.Should().Be("/first");

        client.IsClosedByServer().Should().BeTrue("no request started, so there is nobody to send 408 to");
    }

    [Fact]
    public void A_handler_that_throws_before_answering_gets_500_sent_and_the_error_reported()
    {
        using var server = new RecordingTcpServer(() => new FailingHttpHandler());
        using var serving = new ServingThread(server);

        var response = RawHttpClient.Get(server.ServerAddress, "/fails");

        response.StatusCode.Should().Be(500);
        server.WaitForError().Should().ContainSingle().Which.Message.Should().Be("GET failed for the test");
    }

    [Fact]
    public void The_demo_handler_answers_the_seed_line()
    {
        using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler());
        using var serving = new ServingThread(server);

        var response = RawHttpClient.Get(server.ServerAddress, "/test");

        response.StatusCode.Should().Be(200);
        response.Header("Content-Type").Should().Be("text/plain; charset=utf-8");
        var line = DemoLine.Parse(response.Text);
        line.ProcessId.Should().Be(Environment.ProcessId);
        line.Uri.Should().Be("/test");
        line.Client.Should().Be("127.0.0.1");
        line.Thread.Should().Be("test-serve-forever", "a serial server answers on the thread that runs ServeForever");
    }

    [Fact]
    public void Response_headers_cannot_be_split_by_a_value_with_a_line_break()
    {
        using var server = new RecordingTcpServer(() => new HeaderInjectingHandler());
        using var serving = new ServingThread(server);

        var response = RawHttpClient.Get(server.ServerAddress, "/inject");

        response.StatusCode.Should().Be(500);
        server.WaitForError().Should().ContainSingle().Which.Should().BeOfType<ArgumentException>();
    }

    private static RecordingTcpServer NewServerWithShortTimeout() =>
        new(() => new EchoHttpHandler { Timeout = TimeSpan.FromMilliseconds(300) });

    private HttpResponse ReadResponseOrExplain(RawHttpClient client)
    {
        try
        {
            return client.ReadResponse();
        }
        catch (IOException exception)
        {
            throw new IOException($"{exception.Message} Server errors: {string.Join(" | ", _server.Errors)}", exception);
        }
    }

    private HttpResponse Exchange(string request) => Exchange(_server, request);

    private static HttpResponse Exchange(RecordingTcpServer server, string request)
    {
        using var client = RawHttpClient.Connect(server.ServerAddress);
        client.Send(Encoding.Latin1.GetBytes(request));
        return client.ReadResponse();
    }

    private sealed class HeaderInjectingHandler : BaseHttpRequestHandler
    {
        protected override void DoGet() => SendHeader("X-Evil", "a\r\nSet-Cookie: stolen=1");
    }

    private sealed class NoDelayReportingHandler : BaseHttpRequestHandler
    {
        protected override void DoGet() => SendContent(200, "text/plain", Encoding.ASCII.GetBytes($"NoDelay={Request.NoDelay}"));
    }
}
