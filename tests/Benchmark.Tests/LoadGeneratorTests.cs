using System.Globalization;
using System.Net;
using System.Text;
using PooledMixIn.Benchmark.Load;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Http;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Benchmark.Tests;

/// <summary>The load generator against layer 1's serial server in this process: small, bounded request counts.</summary>
public class LoadGeneratorTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_answer_of_the_demo_server_is_good_and_counted_for_its_worker(bool keepAlive)
    {
        using var serving = new ServingThread(new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new DemoRequestHandler()));

        var result = await LoadGenerator.RunAsync(Settings(serving, requests: 40, keepAlive), CancellationToken.None);

        result.GoodResponses.Should().Be(40);
        result.TotalErrors.Should().Be(0, string.Join(" / ", result.ErrorSamples));
        result.ConnectionsOpened.Should().Be(keepAlive ? 1 : 40);
        result.Workers.ByProcess.Should().BeEquivalentTo(new Dictionary<int, long> { [Environment.ProcessId] = 40 });
        result.Latency.Max.Should().BePositive();
    }

    [Fact]
    public async Task A_fast_server_with_the_wrong_answer_scores_nothing()
    {
        using var serving = new ServingThread(new HttpServer(new IPEndPoint(IPAddress.Loopback, 0), () => new WrongPathHandler()));

        var result = await LoadGenerator.RunAsync(Settings(serving, requests: 10, keepAlive: false), CancellationToken.None);

        result.GoodResponses.Should().Be(0);
        result.RequestsPerSecond.Should().Be(0);
        result.ErrorCount(ErrorKind.BadBody).Should().Be(10);
        result.ErrorSamples.Should().NotBeEmpty().And.AllSatisfy(sample => sample.Should().Contain("uri=[/elsewhere]"));
    }

    [Fact]
    public async Task A_port_nobody_listens_on_gives_connect_errors()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var settings = new LoadSettings(new IPEndPoint(IPAddress.Loopback, port), "/bench", 1, null, 3, false, TimeSpan.FromSeconds(5));
        var result = await LoadGenerator.RunAsync(settings, CancellationToken.None);

        result.ErrorCount(ErrorKind.Connect).Should().Be(3);
        result.GoodResponses.Should().Be(0);
    }

    private static LoadSettings Settings(ServingThread serving, long requests, bool keepAlive) =>
        new(((TcpServer)serving.Server).ServerAddress, "/bench", Clients: 1, Duration: null, requests, keepAlive, TimeSpan.FromSeconds(10));

    /// <summary>Answers fast and with status 200, but not the demo line for the path asked.</summary>
    private sealed class WrongPathHandler : BaseHttpRequestHandler
    {
        protected override void DoGet()
        {
            var body = Encoding.ASCII.GetBytes($"PPID=[1] PID=[{Environment.ProcessId}] thread=[1] uri=[/elsewhere] from [127.0.0.1]\n");
            SendResponse(200);
            SendHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
            EndHeaders();
            WFile.Write(body);
        }
    }
}
