using System.Net;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Sockets.Tests.Conformance;

/// <summary>The conformance suite against this layer's HTTP handler: every case, MUST or SHOULD, passes.</summary>
public sealed class ConformanceTests : IDisposable
{
    private readonly HttpServer _server;
    private readonly ServingThread _serving;

    public ConformanceTests()
    {
        _server = new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new ConformanceHttpHandler());
        _serving = new ServingThread(_server);
    }

    public void Dispose() => _serving.Dispose();

    [Theory]
    [MemberData(nameof(ConformanceCases.Ids), MemberType = typeof(ConformanceCases))]
    public void The_handler_meets_the_requirement(string id)
    {
        var testCase = ConformanceCases.Get(id);

        var result = ConformanceProbe.Run(_server.ServerAddress, testCase);

        testCase.Passes(result).Should().BeTrue($"{testCase.Section} ({testCase.Level}): {testCase.Requirement}; got {result}");
    }
}
