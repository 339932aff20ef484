using static PooledMixIn.Sockets.Tests.Conformance.ConformanceCase;
using static PooledMixIn.Sockets.Tests.Conformance.RequirementLevel;

namespace PooledMixIn.Sockets.Tests.Conformance;

/// <summary>
/// The conformance suite: one case per requirement of RFC 9112 (HTTP/1.1) and RFC 9110 (semantics) that a server
/// of this kind must meet, at the MUST and SHOULD levels. The app behind the server answers GET with the target,
/// echoes a POST body, answers <c>/unframed</c> without a Content-Length, and implements GET, HEAD, POST and OPTIONS.
/// </summary>
public static class ConformanceCases
{
    private const string Next = "GET /next HTTP/1.1\r\nHost: t\r\n\r\n";

    public static IReadOnlyList<ConformanceCase> All { get; } =
    [
        // Framing and smuggling (RFC 9112 §6, §7).
        Refuses("te-and-cl", "9112 §6.1", Must, "Transfer-Encoding with Content-Length: refused, or read by TE; then closed",
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            r => r.Closed && r.First is { Status: 400 } or { Status: 200, Text: "hello" }),
        Refuses("te-not-final-chunked", "9112 §6.3", Must, "Transfer-Encoding whose final coding is not chunked: 400, close",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Status(400)),
        Refuses("te-unknown-only", "9112 §6.3", Must, "Transfer-Encoding: gzip alone cannot be framed: 400, close",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\nhello", Status(400)),
        Refuses("te-unknown-coding", "9112 §6.1", Should, "An unknown transfer coding before chunked: 501",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Status(501)),
        Refuses("te-chunked-twice", "9112 §7.1", Should, "chunked applied twice (a sender MUST NOT): the framing is invalid",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", ClientError),
        Refuses("te-obfuscated", "9112 §6.3", Must, "Transfer-Encoding: xchunked is not chunked: refused",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", ClientErrorOr501),
        Refuses("te-space-before-colon", "9112 §5.1", Must, "Transfer-Encoding : chunked (space before colon): 400",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding : chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Status(400)),
        Refuses("te-in-http10", "9112 §6.1", Must, "Transfer-Encoding in HTTP/1.0: framing faulty, connection closed",
            "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", r => r.Closed),
        Serves("chunked-body", "9112 §7.1", Must, "A chunked body is decoded",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n" + Next,
            r => r.First?.Text == "hello world"),
        Serves("chunked-uppercase", "9112 §7", Must, "Transfer coding names are case-insensitive (Chunked)",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" + Next, r => r.First?.Text == "hello"),
        Serves("chunk-extensions", "9112 §7.1.1", Must, "Unknown chunk extensions are ignored",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b;c=\"d\"\r\nhello\r\n0;e\r\n\r\n" + Next,
            r => r.First?.Text == "hello"),
        Serves("chunk-trailers", "9112 §7.1.2", Must, "A trailer section is read, and the next request found after it",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-Checksum: 1\r\n\r\n" + Next,
            r => r.First?.Text == "hello"),
        Refuses("chunk-lf-only", "9112 §7.1, §2.2", Should, "A chunk line ending in a bare LF is invalid framing",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", ClientError),
        Refuses("chunk-data-no-crlf", "9112 §7.1, §2.2", Should, "Chunk data not followed by CRLF is invalid framing",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", ClientError),
        Refuses("chunk-size-not-hex", "9112 §7.1, §2.2", Should, "A chunk size that is not hex digits is refused",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", ClientError),
        Refuses("chunk-size-0x", "9112 §7.1, §2.2", Should, "A chunk size with 0x is refused",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n", ClientError),
        Refuses("chunk-size-negative", "9112 §7.1, §2.2", Should, "A negative chunk size is refused",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", ClientError),
        Refuses("chunk-size-overflow", "9112 §7.1", Must, "A chunk size that overflows 64 bits is refused",
            "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000005\r\nhello\r\n0\r\n\r\n", ClientError),
        Refuses("cl-conflicting", "9112 §6.3", Must, "Two different Content-Length values: 400, close",
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", Status(400)),
        Refuses("cl-list-conflicting", "9112 §6.3", Must, "Content-Length: 5, 6: 400, close",
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5, 6\r\n\r\nhello!", Status(400)),
        Refuses("cl-not-a-number", "9112 §6.3", Must, "Content-Length: abc: 400, close",
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\nhello", Status(400)),
        Refuses("cl-plus-sign", "9112 §6.3", Must, "Content-Length: +5: 400, close",
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: +5\r\n\r\nhello", Status(400)),
        Refuses("cl-negative", "9112 §6.3", Must, "Content-Length: -1: 400, close",
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n", Status(400)),
        Serves("cl-body-then-pipelined", "9112 §6.3", Must, "A Content-Length body, then the next request after it",
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello" + Next, r => r.First?.Text == "hello"),
        Refuses("cl-too-large", "9110 §15.5.14", Should, "A body over the limit: 413",
            "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10000000\r\n\r\n", Status(413)),

        // Host (RFC 9112 §3.2).
        Refuses("host-missing", "9112 §3.2", Must, "An HTTP/1.1 request without Host: 400",
            "GET / HTTP/1.1\r\n\r\n", Status(400)),
        Refuses("host-twice", "9112 §3.2", Must, "Two Host header lines: 400",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", Status(400)),
        Refuses("host-userinfo", "9112 §3.2", Must, "Host with userinfo (user@host): 400",
            "GET / HTTP/1.1\r\nHost: user@t\r\n\r\n", Status(400)),
        Refuses("host-path", "9112 §3.2", Must, "Host with a path: 400",
            "GET / HTTP/1.1\r\nHost: t/path\r\n\r\n", Status(400)),
        Refuses("host-bad-port", "9112 §3.2", Must, "Host with a port that is not digits: 400",
            "GET / HTTP/1.1\r\nHost: t:80a\r\n\r\n", Status(400)),
        Serves("host-http10-absent", "9112 §3.2", Must, "An HTTP/1.0 request may omit Host",
            "GET / HTTP/1.0\r\n\r\n", r => r.First?.Status == 200),

        // Request line and field syntax (RFC 9112 §2–5).
        Refuses("space-before-colon", "9112 §5.1", Must, "Whitespace between a field name and its colon: 400",
            "GET / HTTP/1.1\r\nHost : t\r\n\r\n", Status(400)),
        Refuses("obs-fold", "9112 §5.2", Must, "obs-fold: refused with 400 (or replaced; this suite expects 400)",
            "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\r\n b\r\n\r\n", Status(400)),
        Refuses("bare-cr", "9112 §2.2", Must, "A bare CR in a field: 400 (or replaced with SP)",
            "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\rb\r\n\r\n", Status(400)),
        Refuses("nul-in-value", "9110 §5.5", Must, "NUL in a field value: refused",
            "GET / HTTP/1.1\r\nHost: t\r\nX-A: a\0b\r\n\r\n", Status(400)),
        Refuses("ctl-in-target", "9112 §3.2", Should, "A control character in the request target: 400",
            "GET /a\u0001b HTTP/1.1\r\nHost: t\r\n\r\n", Status(400)),
        Refuses("space-in-target", "9112 §3.2", Should, "Whitespace inside the request target: 400",
            "GET /a b HTTP/1.1\r\nHost: t\r\n\r\n", Status(400)),
        Refuses("asterisk-with-get", "9112 §3.2.4", May, "The asterisk-form with anything but OPTIONS: 400",
            "GET * HTTP/1.1\r\nHost: t\r\n\r\n", Status(400)),
        Serves("options-asterisk", "9112 §3.2.4", Should, "OPTIONS * is answered 2xx",
            "OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n" + Next, r => r.First?.Status is >= 200 and < 300),
        Serves("absolute-form", "9112 §3.2.2", Must, "A server accepts the absolute-form target",
            "GET http://t/abs HTTP/1.1\r\nHost: t\r\n\r\n" + Next, r => r.First?.Status == 200),
        Serves("leading-empty-line", "9112 §2.2", Should, "An empty line before the request line is ignored",
            "\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n" + Next, r => r.First?.Status == 200),
        Refuses("version-lowercase", "9112 §2.3, §3", Should, "http/1.1 in lower case is not HTTP-version: 400",
            "GET / http/1.1\r\nHost: t\r\n\r\n", Status(400)),
        Refuses("version-2", "9110 §15.6.6", Should, "A major version it does not support: 505",
            "GET / HTTP/2.0\r\nHost: t\r\n\r\n", Status(505)),
        Refuses("method-too-long", "9112 §3", Should, "A method longer than any implemented: 501",
            new string('A', 10_000) + " / HTTP/1.1\r\nHost: t\r\n\r\n", Status(501)),
        Refuses("target-too-long", "9112 §3", Should, "A request target over the limit: 414",
            "GET /" + new string('a', 10_000) + " HTTP/1.1\r\nHost: t\r\n\r\n", Status(414)),
        Refuses("too-many-fields", "6585 §5", Should, "Header fields over the limit: 431",
            "GET / HTTP/1.1\r\nHost: t\r\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"X-{i}: {i}\r\n")) + "\r\n", Status(431)),
        Refuses("unknown-method", "9110 §9.1", Should, "An unknown method: 501",
            "BREW /pot HTTP/1.1\r\nHost: t\r\n\r\n", r => r.First?.Status is 501 or 405),

        // Persistence, pipelining and semantics (RFC 9112 §9, RFC 9110).
        Serves("pipelined-in-order", "9112 §9.3.2", Must, "Pipelined requests are answered in order",
            "GET /1 HTTP/1.1\r\nHost: t\r\n\r\nGET /2 HTTP/1.1\r\nHost: t\r\n\r\n", r => r.Responses.Select(x => x.Text).SequenceEqual(["/1", "/2"])),
        Closes("connection-close-closes", "9112 §9.6", Must, "Connection: close: the server closes after its response",
            "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", r => r.First?.Status == 200 && r.Closed),
        Closes("connection-close-echoed", "9112 §9.6", Should, "Connection: close: the final response says close",
            "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", r => r.First?.Header("Connection") == "close"),
        Closes("http10-closes", "9112 §9.3", Must, "HTTP/1.0 without keep-alive: the connection does not persist",
            "GET / HTTP/1.0\r\n\r\n", r => r.First?.Status == 200 && r.Closed),
        Serves("http10-keep-alive", "9112 §9.3", May, "HTTP/1.0 with Connection: keep-alive persists",
            "GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.0\r\n\r\n", r => r.Responses.Count == 2 && r.First?.Header("Connection") is "keep-alive"),
        new("expect-100-continue", "9110 §10.1.1", Must, "Expect: 100-continue gets 100 before the body is sent",
            Bytes("POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n", "hello"),
            r => r.Responses.Count == 2 && r.Responses[0].Status == 100 && r.Responses[1].Text == "hello")
        {
            AwaitInterimBetweenParts = true,
        },
        Serves("head-no-body", "9110 §9.3.2", Must, "A response to HEAD has no body (the next response parses)",
            "HEAD / HTTP/1.1\r\nHost: t\r\n\r\n" + Next, r => r.Responses.Count == 2 && r.Responses[1].Text == "/next", "HEAD", "GET"),
        Serves("head-like-get", "9110 §9.3.2", Should, "HEAD gets the header fields GET would",
            "HEAD /x HTTP/1.1\r\nHost: t\r\n\r\n" + Next, r => r.First is { Status: 200 } head && head.Header("Content-Type") is not null, "HEAD", "GET"),
        Serves("method-not-allowed", "9110 §15.5.6", Must, "405 carries Allow",
            "DELETE / HTTP/1.1\r\nHost: t\r\n\r\n" + Next, r => r.First is { Status: 405 } first && first.Header("Allow") is not null),
        Serves("date-header", "9110 §6.6.1", Must, "An origin server with a clock sends Date",
            "GET / HTTP/1.1\r\nHost: t\r\n\r\n" + Next, r => r.First?.Header("Date") is not null),
        Serves("unframed-response", "9112 §6.3", Must, "A response without Content-Length is chunked or closed, never ambiguous",
            "GET /unframed HTTP/1.1\r\nHost: t\r\n\r\n" + Next,
            r => r.First?.Text == "no length" && (r.Responses.Count == 2 || r.Closed)),
    ];

    public static ConformanceCase Get(string id) => All.Single(c => c.Id == id);

    public static TheoryData<string> Ids() => [.. All.Select(c => c.Id)];

    private static ConformanceCase Refuses(string id, string section, RequirementLevel level, string requirement, string request, Func<ProbeResult, bool> passes) =>
        new(id, section, level, requirement, Bytes(request), passes) { CheckClose = true };

    private static ConformanceCase Closes(string id, string section, RequirementLevel level, string requirement, string request, Func<ProbeResult, bool> passes) =>
        new(id, section, level, requirement, Bytes(request), passes) { CheckClose = true };

    private static ConformanceCase Serves(string id, string section, RequirementLevel level, string requirement, string requests, Func<ProbeResult, bool> passes, params string[] methods) =>
        new(id, section, level, requirement, Bytes(requests), passes) { ExpectedResponses = 2, ResponseMethods = methods };

    private static Func<ProbeResult, bool> Status(int status) => r => r.First?.Status == status && r.Closed;

    private static bool ClientError(ProbeResult r) => r.First?.Status is >= 400 and < 500 && r.Closed;

    private static bool ClientErrorOr501(ProbeResult r) => r.First?.Status is (>= 400 and < 500) or 501 && r.Closed;
}
