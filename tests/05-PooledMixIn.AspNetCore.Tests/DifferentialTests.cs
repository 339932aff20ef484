using System.Net;
using System.Text;

namespace PooledMixIn.AspNetCore.Tests;

/// <summary>The sample on Kestrel and on the pool, started once for all the differential cases.</summary>
public sealed class KestrelAndPool : IDisposable
{
    public KestrelAndPool()
    {
        Kestrel = SampleServer.OnKestrel();
        try
        {
            Pool = SampleServer.OnPool(processes: 2, threads: 4);
        }
        catch
        {
            Kestrel.Dispose();
            throw;
        }
    }

    public SampleServer Kestrel { get; }

    public SampleServer Pool { get; }

    public void Dispose()
    {
        Pool.Dispose();
        Kestrel.Dispose();
    }
}

/// <summary>
/// The same requests to the sample on Kestrel and on the pool must get the same answers: status, header fields and
/// body, once <c>Date</c> and <c>Server</c> are set aside. A difference fails the case unless
/// <see cref="s_deliberate"/> names it, with the reason; a named difference that disappears fails too, so the list
/// stays true.
/// </summary>
public sealed class DifferentialTests(KestrelAndPool servers) : IClassFixture<KestrelAndPool>
{
    private static readonly byte[] s_largeBody = [.. Enumerable.Range(0, 300 * 1024).Select(i => (byte)(i * 7 % 251))];

    private static readonly Dictionary<string, Func<HttpRequestMessage>> s_requests = new()
    {
        ["GET / (plain text)"] = () => new(HttpMethod.Get, ""),
        ["GET /json"] = () => new(HttpMethod.Get, "json"),
        ["GET /todos/1 (route value)"] = () => new(HttpMethod.Get, "todos/1"),
        ["GET /todos/2 (404 from the endpoint)"] = () => new(HttpMethod.Get, "todos/2"),
        ["GET /todos/x (404: route constraint)"] = () => new(HttpMethod.Get, "todos/x"),
        ["GET /nowhere (404)"] = () => new(HttpMethod.Get, "nowhere"),
        ["POST / (405)"] = () => new(HttpMethod.Post, ""),
        ["DELETE /todos/1 (405)"] = () => new(HttpMethod.Delete, "todos/1"),
        ["PUT /todos/1 (405)"] = () => new(HttpMethod.Put, "todos/1") { Content = new StringContent("{}", Encoding.UTF8, "application/json") },
        ["PATCH /todos/1 (405)"] = () => new(HttpMethod.Patch, "todos/1"),
        ["OPTIONS /todos/1 (405)"] = () => new(HttpMethod.Options, "todos/1"),
        ["GET /wait/10 (RequestAborted watched, not fired)"] = () => new(HttpMethod.Get, "wait/10"),
        ["POST /todos (JSON in and out)"] = () => new(HttpMethod.Post, "todos")
        {
            Content = new StringContent("""{"id":7,"title":"compare","done":true}""", Encoding.UTF8, "application/json"),
        },
        ["POST /todos (malformed JSON)"] = () => new(HttpMethod.Post, "todos")
        {
            Content = new StringContent("""{"id":""", Encoding.UTF8, "application/json"),
        },
        ["POST /upload (300 KiB, Content-Length)"] = () => new(HttpMethod.Post, "upload") { Content = new ByteArrayContent(s_largeBody) },
        ["POST /upload (chunked body)"] = () => Chunked(new(HttpMethod.Post, "upload") { Content = new ByteArrayContent(s_largeBody, 0, 50_000) }),
        ["POST /upload (Expect: 100-continue)"] = () => Expecting100(new(HttpMethod.Post, "upload") { Content = new ByteArrayContent(s_largeBody) }),
        ["POST /form (urlencoded)"] = () => new(HttpMethod.Post, "form")
        {
            Content = new FormUrlEncodedContent([new("b", "two words"), new("a", "1")]),
        },
        ["GET /stream/20 (flushed pieces)"] = () => new(HttpMethod.Get, "stream/20"),
        ["GET /hello.txt (static file)"] = () => new(HttpMethod.Get, "hello.txt"),
        ["HEAD /hello.txt"] = () => new(HttpMethod.Head, "hello.txt"),
        ["GET /hello.txt (If-Modified-Since: 304)"] = () => new(HttpMethod.Get, "hello.txt") { Headers = { IfModifiedSince = DateTimeOffset.UtcNow } },
        ["GET /boom (exception: 500)"] = () => new(HttpMethod.Get, "boom"),
        ["GET /abort (aborted request)"] = () => new(HttpMethod.Get, "abort"),
        ["GET /json over HTTP/1.0"] = () => new(HttpMethod.Get, "json") { Version = HttpVersion.Version10, VersionPolicy = HttpVersionPolicy.RequestVersionExact },
    };

    /// <summary>Differences the pool keeps on purpose, or until a named change lands.</summary>
    private static readonly Dictionary<string, string> s_deliberate = [];

    public static TheoryData<string> Cases => [.. s_requests.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_pool_answers_as_Kestrel_does(string name)
    {
        var onKestrel = await Snapshot(servers.Kestrel, name);
        var onPool = await Snapshot(servers.Pool, name);

        if (s_deliberate.TryGetValue(name, out var reason))
        {
            onPool.Should().NotBe(onKestrel, $"the difference is named as deliberate ({reason}); if it is gone, remove it from the list");
            return;
        }

        onPool.Should().Be(onKestrel);
    }

    private static async Task<string> Snapshot(SampleServer server, string name)
    {
        using var request = s_requests[name]();
        try
        {
            using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var headers = response.Headers.Concat(response.Content.Headers)
                .Where(h => h.Key is not ("Date" or "Server"))
                .Select(h => $"{h.Key.ToLowerInvariant()}: {string.Join(", ", h.Value)}")
                .Order(StringComparer.Ordinal);
            var body = await response.Content.ReadAsByteArrayAsync();
            var text = body.Length <= 2048 ? Encoding.UTF8.GetString(body) : $"<{body.Length} bytes, {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body))}>";
            return $"{(int)response.StatusCode} {response.ReasonPhrase}\n{string.Join('\n', headers)}\n\n{text}";
        }
        catch (HttpRequestException exception)
        {
            return $"no response: {exception.HttpRequestError}";
        }
    }

    private static HttpRequestMessage Chunked(HttpRequestMessage request)
    {
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    private static HttpRequestMessage Expecting100(HttpRequestMessage request)
    {
        request.Headers.ExpectContinue = true;
        return request;
    }
}
