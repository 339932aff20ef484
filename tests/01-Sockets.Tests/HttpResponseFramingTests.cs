using System.Text;
using PooledMixIn.Sockets.Http;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Sockets.Tests;

/// <summary>Every response is framed, whatever the handler does (RFC 9112 §6.3), and a request can start from bytes already received.</summary>
public sealed class HttpResponseFramingTests
{
    [Fact]
    public void A_response_without_Content_Length_is_chunked_on_a_kept_alive_HTTP_1_1_connection()
    {
        using var served = ServedClient.Start(() => new FramingHandler());
        var client = served.Client;

        client.Send("GET /unframed HTTP/1.1\r\nHost: t\r\n\r\nGET /unframed HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        var first = ReadHead(client);

        first.Should().Contain("Transfer-Encoding: chunked").And.NotContain("Connection: close");
        ReadUntil(client, "0\r\n\r\n").Should().Be("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        ReadHead(client).Should().StartWith("HTTP/1.1 200").And.Contain("Connection: close");
    }

    [Fact]
    public void A_response_without_Content_Length_to_HTTP_1_0_is_delimited_by_the_close_and_says_so()
    {
        using var served = ServedClient.Start(() => new FramingHandler());
        var client = served.Client;
        client.Send("GET /unframed HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");

        var response = client.ReadResponse();

        response.Header("Connection").Should().Be("close");
        response.Header("Transfer-Encoding").Should().BeNull();
        response.Text.Should().Be("hello world");
    }

    [Fact]
    public void A_HEAD_request_is_served_by_DoGet_with_its_headers_and_without_its_body()
    {
        using var served = ServedClient.Start(() => new FramingHandler());
        var client = served.Client;

        client.Send("HEAD /text HTTP/1.1\r\nHost: t\r\n\r\nGET /text HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        ReadHead(client).Should().Contain("Content-Length: 4");
        ReadHead(client).Should().StartWith("HTTP/1.1 200", "the HEAD response carried no body, so this one starts where it should");
    }

    [Fact]
    public void HEAD_on_a_handler_without_GET_gets_405_without_a_body_and_keeps_the_connection()
    {
        using var served = ServedClient.Start(() => new PostOnlyHandler());
        var client = served.Client;

        client.Send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\nPOST / HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");

        var head = ReadHead(client);
        head.Should().StartWith("HTTP/1.1 405").And.Contain("Allow: POST, OPTIONS");
        ReadHead(client).Should().StartWith("HTTP/1.1 200", "the 405 to HEAD carried no body to be misread as this response");
    }

    [Fact]
    public void A_handler_that_writes_less_than_its_Content_Length_has_its_connection_closed()
    {
        using var served = ServedClient.Start(() => new FramingHandler());
        var client = served.Client;
        client.Send("GET /short HTTP/1.1\r\nHost: t\r\n\r\n");

        ReadHead(client).Should().Contain("Content-Length: 10");
        ReadUntil(client, "abc").Should().Be("abc");
        client.IsClosedByServer().Should().BeTrue("only the close can tell the client that the body was cut short");
    }

    [Fact]
    public void A_handler_that_answers_nothing_gets_500_sent_for_it()
    {
        using var served = ServedClient.Start(() => new FramingHandler());

        served.Client.Send("GET /silent HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        served.Client.ReadResponse().StatusCode.Should().Be(500);
    }

    [Fact]
    public void Expect_100_continue_is_answered_before_the_body_is_sent()
    {
        using var served = ServedClient.Start(() => new EchoHttpHandler());
        var client = served.Client;

        client.Send("POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\n");
        ReadHead(client).Should().Be("HTTP/1.1 100 Continue\r\n\r\n");
        client.Send("hello");

        client.ReadResponse().Text.Should().Be("hello");
    }

    [Fact]
    public void Expect_100_continue_with_a_body_over_the_limit_gets_413_and_no_100()
    {
        using var served = ServedClient.Start(() => new EchoHttpHandler { Limits = new() { MaxBodyLength = 4 } });
        var client = served.Client;

        client.Send("POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");

        client.ReadResponse().StatusCode.Should().Be(413);
    }

    [Fact]
    public void A_handler_given_bytes_already_received_parses_them_first()
    {
        using var served = ServedClient.Start(() => new EchoHttpHandler { ReceivedBytes = "GET /alr"u8.ToArray() });
        var client = served.Client;

        client.Send("eady-read HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

        client.ReadResponse().Text.Should().Be("/already-read");
    }

    [Fact]
    public void OPTIONS_asterisk_is_answered_with_the_methods_the_handler_implements()
    {
        using var served = ServedClient.Start(() => new EchoHttpHandler());
        var client = served.Client;

        client.Send("OPTIONS * HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        var response = client.ReadResponse();

        response.StatusCode.Should().Be(200);
        response.Header("Allow").Should().Be("GET, HEAD, POST, OPTIONS");
    }

    private static string ReadHead(RawHttpClient client) => ReadUntil(client, "\r\n\r\n");

    private static string ReadUntil(RawHttpClient client, string end)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            if (client.Socket.Receive(one) == 0)
            {
                throw new IOException($"The connection closed before '{end.ReplaceLineEndings("⏎")}': {text}");
            }

            text.Append((char)one[0]);
        }

        return text.ToString();
    }

    private sealed class FramingHandler : BaseHttpRequestHandler
    {
        protected override void DoGet()
        {
            switch (Path)
            {
                case "/unframed":
                    SendResponse(200);
                    EndHeaders();
                    WFile.Write("hello"u8);
                    WFile.Flush(); // two writes, two chunks
                    WFile.Write(" world"u8);
                    break;
                case "/short":
                    SendResponse(200);
                    SendHeader("Content-Length", "10");
                    EndHeaders();
                    WFile.Write("abc"u8);
                    break;
                case "/silent":
                    break;
                default:
                    SendContent(200, Path.TrimStart('/'));
                    break;
            }
        }
    }

    private sealed class PostOnlyHandler : BaseHttpRequestHandler
    {
        protected override void DoPost() => SendContent(200, "posted");
    }
}
