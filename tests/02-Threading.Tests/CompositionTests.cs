using System.Net;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Http;
using PooledMixIn.Threading.Tests.Support;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Threading.Tests;

/// <summary>A mix-in composes with any layer-1 server through the server's constructor.</summary>
public sealed class CompositionTests
{
    [Theory]
    [InlineData(MixInKind.Threading, "request-")]
    [InlineData(MixInKind.Prethreaded, "prethreaded-")]
    [InlineData(MixInKind.TurnTaking, "turn-taking-")]
    public void With_HttpServer_the_demo_handler_answers_on_a_request_thread(MixInKind kind, string threadPrefix)
    {
        using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler(),
            TestMixIns.Create(kind, 2));
        using var serving = new ServingThread(server);

        var response = RawHttpClient.Get(server.ServerAddress, "/hello");

        response.StatusCode.Should().Be(200);
        var line = DemoLine.Parse(response.Text);
        line.Uri.Should().Be("/hello");
        line.ProcessId.Should().Be(Environment.ProcessId);
        line.Thread.Should().StartWith(threadPrefix);
    }

    [Theory]
    [InlineData(MixInKind.Threading)]
    [InlineData(MixInKind.Prethreaded)]
    [InlineData(MixInKind.TurnTaking)]
    public void With_UnixStreamServer_requests_are_served_on_request_threads(MixInKind kind)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pooledmixin-threading-{Guid.NewGuid():N}.sock");
        using var server = new UnixStreamServer(path, LineHandler.Factory(_ => Thread.CurrentThread.Name!),
            TestMixIns.Create(kind, 2));
        using var serving = new ServingThread(server);

        var answer = LineClient.Exchange(server.ServerAddress, "hello").Lines;

        answer.Should().ContainSingle().Which.Should().MatchRegex("^(request|prethreaded|turn-taking)-[0-9]+$");
    }

    [Fact]
    public void GET_shutdown_from_a_request_thread_stops_the_server()
    {
        using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler(),
            new PrethreadedMixIn { ThreadCount = 2 });
        using var serving = new ServingThread(server);

        var response = RawHttpClient.Get(server.ServerAddress, DemoRequestHandler.ShutdownPath);

        response.StatusCode.Should().Be(200);
        serving.WaitUntilStopped();
    }
}
