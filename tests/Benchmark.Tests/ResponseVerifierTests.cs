using System.Text;
using PooledMixIn.Benchmark.Load;

namespace PooledMixIn.Benchmark.Tests;

public class ResponseVerifierTests
{
    private const string DemoLine = "PPID=[41] PID=[4242] thread=[worker-7] uri=[/bench] from [127.0.0.1]\n";

    [Fact]
    public void The_demo_line_with_a_content_length_is_a_good_answer_naming_its_worker()
    {
        var bytes = Response(200, DemoLine);

        var verdict = Examine(bytes, peerClosed: false, out var answer);

        verdict.Should().Be(ResponseVerdict.Good);
        answer.ProcessId.Should().Be(4242);
        Encoding.ASCII.GetString(bytes[answer.Thread]).Should().Be("worker-7");
        answer.ResponseLength.Should().Be(bytes.Length);
        answer.KeepAlive.Should().BeTrue();
    }

    [Fact]
    public void Kestrel_headers_and_a_numeric_thread_are_accepted()
    {
        var bytes = Encoding.ASCII.GetBytes(
            "HTTP/1.1 200 OK\r\ncontent-length: 61\r\nContent-Type: text/plain; charset=utf-8\r\nDate: Thu, 26 Nov 2026 01:22:53 GMT\r\n\r\n"
            + "PPID=[1] PID=[8977] thread=[6] uri=[/bench] from [127.0.0.1]\n");

        Examine(bytes, peerClosed: false, out var answer).Should().Be(ResponseVerdict.Good);
        answer.ProcessId.Should().Be(8977);
    }

    [Fact]
    public void A_parent_outside_the_pid_namespace_shows_as_ppid_zero_and_is_accepted()
    {
        Examine(Response(200, DemoLine.Replace("PPID=[41]", "PPID=[0]", StringComparison.Ordinal)), false, out _)
            .Should().Be(ResponseVerdict.Good);
    }

    [Fact]
    public void Connection_close_in_the_response_means_the_connection_is_not_reused()
    {
        Examine(Response(200, DemoLine, "Connection: close\r\n"), false, out var answer).Should().Be(ResponseVerdict.Good);
        answer.KeepAlive.Should().BeFalse();
    }

    [Fact]
    public void Without_a_length_the_body_ends_at_the_servers_close()
    {
        var bytes = Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\n\r\n" + DemoLine);

        Examine(bytes, peerClosed: false, out _).Should().Be(ResponseVerdict.Incomplete);
        Examine(bytes, peerClosed: true, out var answer).Should().Be(ResponseVerdict.Good);
        answer.KeepAlive.Should().BeFalse();
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(204)]
    public void A_status_other_than_200_is_a_bad_status_even_with_the_right_body(int status)
    {
        Examine(Response(status, DemoLine), false, out _).Should().Be(ResponseVerdict.BadStatus);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Hello, world!\n")]
    [InlineData("PPID=[41] PID=[4242] thread=[worker-7] uri=[/other] from [127.0.0.1]\n")]
    [InlineData("PPID=[41] PID=[4242] thread=[worker-7] uri=[/bench] from [127.0.0.1]")]
    [InlineData("PPID=[41] PID=[4242] thread=[worker-7] uri=[/bench] from [127.0.0.1]\nmore\n")]
    [InlineData("PPID=[41] PID=[0] thread=[worker-7] uri=[/bench] from [127.0.0.1]\n")]
    [InlineData("PPID=[-41] PID=[4242] thread=[worker-7] uri=[/bench] from [127.0.0.1]\n")]
    [InlineData("PPID=[41] PID=[4242] thread=[] uri=[/bench] from [127.0.0.1]\n")]
    [InlineData("PPID=[41] PID=[4242] uri=[/bench] from [127.0.0.1]\n")]
    [InlineData("ppid=[41] pid=[4242] thread=[worker-7] uri=[/bench] from [127.0.0.1]\n")]
    public void A_200_with_anything_but_the_demo_line_for_the_path_is_a_bad_body(string body)
    {
        Examine(Response(200, body), false, out _).Should().Be(ResponseVerdict.BadBody);
    }

    [Fact]
    public void Bytes_after_the_response_make_it_a_bad_body()
    {
        var bytes = Response(200, DemoLine).Concat("HTTP/1.1 200 OK\r\n"u8.ToArray()).ToArray();

        Examine(bytes, false, out _).Should().Be(ResponseVerdict.BadBody);
    }

    [Fact]
    public void A_chunked_response_is_not_the_demo_protocol()
    {
        var bytes = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{DemoLine.Length:x}\r\n{DemoLine}\r\n0\r\n\r\n");

        Examine(bytes, false, out _).Should().Be(ResponseVerdict.BadBody);
    }

    [Fact]
    public void Every_prefix_of_a_good_response_is_incomplete()
    {
        var bytes = Response(200, DemoLine);
        for (var length = 0; length < bytes.Length; length++)
        {
            Examine(bytes[..length], peerClosed: false, out _).Should().Be(ResponseVerdict.Incomplete, $"{length} of {bytes.Length} bytes arrived");
        }
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH_9.2\r\n\r\n")]
    [InlineData("HTTP/2 200\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n")]
    public void A_head_that_is_not_http_1_is_a_bad_status(string head)
    {
        Examine(Encoding.ASCII.GetBytes(head + DemoLine), false, out _).Should().Be(ResponseVerdict.BadStatus);
    }

    [Fact]
    public void A_close_in_the_middle_of_the_head_is_a_bad_status()
    {
        Examine("HTTP/1.1 200 OK\r\nContent-Le"u8.ToArray(), peerClosed: true, out _).Should().Be(ResponseVerdict.BadStatus);
    }

    private static ResponseVerdict Examine(byte[] bytes, bool peerClosed, out DemoAnswer answer) =>
        ResponseVerifier.Examine(bytes, peerClosed, "/bench"u8, out answer);

    private static byte[] Response(int status, string body, string extraHeaders = "") =>
        Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Whatever\r\nServer: PooledMixIn/1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n{extraHeaders}\r\n{body}");
}
