using System.Text;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn.Sockets.Tests;

/// <summary>The parser as an event loop uses it: over bytes already buffered, saying "not yet" until the head is whole.</summary>
public sealed class HttpRequestParserTests
{
    private static readonly HttpRequestLimits s_limits = new() { MaxRequestLineLength = 64, MaxHeaderBytes = 128 };

    [Theory]
    [InlineData("", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: t\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: t\r\n\r", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: t\r\n\r\n", true)]
    [InlineData("\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n", true)]
    [InlineData("\r\n\r\nGET / HTTP/1.1\r\n", false)]
    [InlineData("GET / HTTP/1.0\n\n", true)]
    public void IsHeadComplete_says_whether_the_blank_line_that_ends_the_head_has_arrived(string buffered, bool complete)
    {
        HttpRequestParser.IsHeadComplete(Encoding.Latin1.GetBytes(buffered)).Should().Be(complete);
    }

    [Fact]
    public void Every_prefix_of_a_head_is_not_yet_a_head_and_the_whole_is_one_that_ends_where_the_body_begins()
    {
        var bytes = Encoding.Latin1.GetBytes("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nbody");
        var headLength = bytes.Length - 4;

        for (var length = 0; length < headLength; length++)
        {
            HttpRequestParser.TryParseHead(bytes.AsSpan(0, length), s_limits, out _, out _).Should().BeFalse($"{length} bytes are not a head");
        }

        HttpRequestParser.TryParseHead(bytes, s_limits, out var head, out var consumed).Should().BeTrue();
        consumed.Should().Be(headLength);
        head!.Target.Should().Be("/p");
    }

    [Theory]
    [InlineData(414, "GET /")]
    [InlineData(501, "GETGETGET")]
    public void A_request_line_over_the_limit_is_refused_before_its_end_arrives(int status, string start)
    {
        var partial = Encoding.Latin1.GetBytes(start + new string('a', 100));

        var parse = () => HttpRequestParser.TryParseHead(partial, s_limits, out _, out _);

        parse.Should().Throw<HttpRequestRejectedException>().Which.StatusCode.Should().Be(status);
    }

    [Fact]
    public void Header_fields_over_the_limit_are_refused_before_the_head_ends()
    {
        var partial = Encoding.Latin1.GetBytes("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + new string('v', 200));

        var parse = () => HttpRequestParser.TryParseHead(partial, s_limits, out _, out _);

        parse.Should().Throw<HttpRequestRejectedException>().Which.StatusCode.Should().Be(431);
    }
}
