using System.Net;
using PooledMixIn.Benchmark.Load;

namespace PooledMixIn.Benchmark.Tests;

public sealed class WrkTests
{
    private const string CloseRun = """
        Running 10s test @ http://127.0.0.1:8888/bench
          2 threads and 100 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     7.91ms    3.02ms  51.33ms   78.40%
            Req/Sec     6.41k   512.20     7.60k    71.00%
          127650 requests in 10.01s, 16.31MB read
          Socket errors: connect 0, read 127641, write 2, timeout 5
          Non-2xx or 3xx responses: 7
        Requests/sec:  12752.25
        Transfer/sec:      1.63MB
        """;

    private const string KeepAliveRun = """
        Running 2s test @ http://127.0.0.1:8888/bench
          2 threads and 8 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency   250.00us  100.00us   2.00ms   90.00%
            Req/Sec    15.00k     1.00k   17.00k    70.00%
          60000 requests in 2.00s, 7.00MB read
        Requests/sec:  30000.00
        Transfer/sec:      3.50MB
        """;

    [Fact]
    public void Wrks_summary_gives_its_throughput_and_every_kind_of_error()
    {
        var result = WrkResult.Parse(CloseRun);

        result.Should().Be(new WrkResult(12_752.25, 127_650, Non2xx: 7, ConnectErrors: 0, ReadErrors: 127_641, WriteErrors: 2, Timeouts: 5));
        result!.SocketErrors.Should().Be(127_648);
    }

    [Fact]
    public void A_run_without_errors_has_no_error_lines_and_counts_none()
    {
        WrkResult.Parse(KeepAliveRun).Should().Be(new WrkResult(30_000, 60_000, 0, 0, 0, 0, 0));
    }

    [Fact]
    public void Output_without_a_requests_per_second_line_is_a_failed_run()
    {
        WrkResult.Parse("unable to connect to 127.0.0.1:1 Connection refused").Should().BeNull();
    }

    [Fact]
    public void Wrk_is_given_the_clients_duration_timeout_path_and_connection_mode_of_the_projects_client()
    {
        var close = new LoadSettings(new IPEndPoint(IPAddress.Loopback, 8888), "/sleep/10", 100, TimeSpan.FromSeconds(10), null, KeepAlive: false, TimeSpan.FromSeconds(5));

        WrkClient.Arguments(close).Should().Equal(
            "-t", "2", "-c", "100", "-d", "10s", "--timeout", "5s", "-H", "Connection: close", "http://127.0.0.1:8888/sleep/10");
        WrkClient.Arguments(close with { KeepAlive = true, Clients = 1, Duration = TimeSpan.FromMilliseconds(300) }).Should().Equal(
            ["-t", "1", "-c", "1", "-d", "1s", "--timeout", "5s", "http://127.0.0.1:8888/sleep/10"],
            "wrk needs a connection per thread and whole seconds; keep-alive is its default");
    }
}
