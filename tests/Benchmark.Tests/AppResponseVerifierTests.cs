using System.Text;
using PooledMixIn.Benchmark.Load;

namespace PooledMixIn.Benchmark.Tests;

/// <summary>The check of an app's answers (the ASP.NET Core sample's rows): 2xx and exactly the expected body, however framed.</summary>
public sealed class AppResponseVerifierTests
{
    private const string Json = """{"message":"Hello, World!"}""";

    [Theory]
    [InlineData("Content-Length: 27\r\n\r\n" + Json)]
    [InlineData("Transfer-Encoding: chunked\r\n\r\n1B\r\n" + Json + "\r\n0\r\n\r\n")]
    [InlineData("Transfer-Encoding: chunked\r\n\r\na\r\n{\"message\"\r\n11\r\n:\"Hello, World!\"}\r\n0\r\n\r\n")]
    public void A_whole_answer_with_the_expected_body_is_good_however_it_is_framed(string headAndBody)
    {
        var bytes = Response("200 OK", headAndBody);

        Examine(bytes, peerClosed: false, out var answer).Should().Be(ResponseVerdict.Good);
        answer.ResponseLength.Should().Be(bytes.Length);
        answer.KeepAlive.Should().BeTrue();
    }

    [Fact]
    public void Without_a_length_the_body_ends_with_the_servers_close()
    {
        var bytes = Response("200 OK", "Connection: close\r\n\r\n" + Json);

        Examine(bytes, peerClosed: false, out _).Should().Be(ResponseVerdict.Incomplete);
        Examine(bytes, peerClosed: true, out var answer).Should().Be(ResponseVerdict.Good);
        answer.KeepAlive.Should().BeFalse();
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked\r\n\r\n1B\r\n" + Json)]
    [InlineData("Transfer-Encoding: chunked\r\n\r\n1B\r\n" + Json + "\r\n0\r\n")]
    [InlineData("Content-Length: 27\r\n\r\n{\"message\"")]
    public void A_partial_answer_is_incomplete(string headAndBody) =>
        Examine(Response("200 OK", headAndBody), peerClosed: false, out _).Should().Be(ResponseVerdict.Incomplete);

    [Theory]
    [InlineData("200 OK", "Content-Length: 27\r\n\r\n{\"message\":\"Hello, World?\"}", "BadBody")]
    [InlineData("200 OK", "Transfer-Encoding: chunked\r\n\r\n1B\r\n" + Json + "\r\n1\r\n!\r\n0\r\n\r\n", "BadBody")]
    [InlineData("200 OK", "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"mes\r\n0\r\n\r\n", "BadBody")]
    [InlineData("200 OK", "Transfer-Encoding: chunked\r\n\r\nzz\r\n", "BadBody")]
    [InlineData("200 OK", "Transfer-Encoding: chunked\r\n\r\n1B\r\n{\"message\":\"Hello, World?\"}\r\n0\r\n\r\n", "BadBody")]
    [InlineData("404 Not Found", "Content-Length: 27\r\n\r\n" + Json, "BadStatus")]
    [InlineData("500 Internal Server Error", "Content-Length: 0\r\n\r\n", "BadStatus")]
    public void A_wrong_status_or_body_is_not_counted(string status, string headAndBody, string verdict) =>
        Examine(Response(status, headAndBody), peerClosed: false, out _).ToString().Should().Be(verdict);

    private static byte[] Response(string status, string headAndBody) =>
        Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nDate: Sun, 29 Nov 2026 20:00:00 GMT\r\nServer: test\r\nContent-Type: application/json\r\n{headAndBody}");

    private static ResponseVerdict Examine(byte[] bytes, bool peerClosed, out DemoAnswer answer) =>
        AppResponseVerifier.Examine(bytes, peerClosed, Encoding.UTF8.GetBytes(Json), out answer);
}
