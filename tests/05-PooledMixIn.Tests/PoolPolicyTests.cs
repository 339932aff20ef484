using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>The policies that act on the scoreboard: hang detection, recycling after a request limit, dynamic sizing.</summary>
public sealed class PoolPolicyTests
{
    [Theory]
    [InlineData("thread", "handoff")]
    [InlineData("event", "handoff")]
    [InlineData("thread", "epoll-exclusive")]
    [InlineData("event", "epoll-exclusive")]
    public void A_thread_hung_past_the_hang_timeout_gets_its_worker_replaced_while_other_clients_are_served(string connections, string strategy)
    {
        using var server = DemoServer.Start(
            processes: 2, threads: 2, "--hang-timeout", "2s", "--connections", connections, "--strategy", strategy);
        using var hung = RawHttpClient.Connect(server.Process.EndPoint);
        hung.Send("GET /sleep/600000 HTTP/1.1\r\nHost: x\r\n\r\n");
        var hungPid = 0;
        Eventually.Until(
            () => (hungPid = server.Status().Workers.FirstOrDefault(w => w.Threads.Any(t => t.Path == "/sleep/600000")).Pid) != 0,
            TestTimeouts.Operation, "the hung request seen on the scoreboard");
        var before = server.Status().ServingPids;

        // Clients keep coming throughout; the replacement must start before the hung worker stops taking turns.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var served = new List<DemoLine>();
        DemoServer.StatusJson status;
        while (true)
        {
            served.Add(server.Get($"/meanwhile-{served.Count}"));
            status = server.Status();
            if (!status.ServingPids.Contains(hungPid) && status.ServingPids.Count == 2)
            {
                break;
            }

            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2 + 5), "the worker is replaced within the hang timeout plus a few seconds");
        }

        before.Should().Contain(hungPid);
        status.ServingPids.Should().NotContain(hungPid).And.HaveCount(2);
        status.Failed.Should().Be(0);
        served.Should().OnlyContain(l => l.ParentProcessId == server.Process.Pid, "every other client was served throughout");
    }

    [Fact]
    public void A_kept_alive_connection_idle_longer_than_the_hang_timeout_is_no_hang()
    {
        using var server = DemoServer.Start(processes: 1, threads: 2, "--hang-timeout", "500ms");
        using var client = RawHttpClient.Connect(server.Process.EndPoint);
        client.Send("GET /before-the-gap HTTP/1.1\r\nHost: x\r\n\r\n");
        var worker = DemoLine.Parse(client.ReadResponse().Text).ProcessId;

        // Idle for three hang timeouts (the monitor looks four times a second), well inside the 5 s keep-alive timeout.
        Thread.Sleep(TimeSpan.FromMilliseconds(1500)); // sync-ok: the client's idle gap is the condition under test
        client.Send("GET /after-the-gap HTTP/1.1\r\nHost: x\r\n\r\n");
        var after = DemoLine.Parse(client.ReadResponse().Text);

        after.ProcessId.Should().Be(worker);
        server.Status().ServingPids.Should().Equal([worker], "a client that sends nothing between requests is not a hung thread");
    }

    [Fact]
    public void Max_requests_counts_requests_on_kept_alive_connections_not_connections()
    {
        const int Limit = 100, Connections = 20, RequestsEach = 10, MaxProbes = 60;
        using var server = DemoServer.Start(processes: 1, threads: 2, "--max-requests", $"{Limit}");
        int first;
        using (var warm = RawHttpClient.Connect(server.Process.EndPoint))
        {
            warm.Send("GET /first HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            first = DemoLine.Parse(warm.ReadResponse().Text).ProcessId;
        }

        // 200 requests on 20 connections: past the limit only if requests are counted.
        for (var c = 0; c < Connections; c++)
        {
            using var client = RawHttpClient.Connect(server.Process.EndPoint);
            for (var r = 0; r < RequestsEach; r++)
            {
                client.Send($"GET /kept-{c}-{r} HTTP/1.1\r\nHost: x\r\n\r\n");
                client.ReadResponse().StatusCode.Should().Be(200);
            }
        }

        // New connections until one is served by a replacement. Each probe lasts 200 ms, so counting connections (at
        // most 1 + 20 + 60 = 81 < 100) would never recycle, while the 200 requests do within a monitor tick.
        var probes = Enumerable.Range(0, MaxProbes).Select(i => server.Get($"/sleep/200?probe={i}")).TakeWhile(l => l.ProcessId == first).Count();

        probes.Should().BeLessThan(MaxProbes, "a worker past 100 requests is replaced, whatever number of connections carried them");
    }

    [Theory]
    [InlineData("handoff")]
    [InlineData("epoll-exclusive")]
    public void Workers_past_max_requests_are_replaced_under_load_and_no_request_fails(string strategy)
    {
        const int Clients = 4;
        const int MaxPerClient = 2_000; // the bound; a replacement usually serves within the first few hundred
        using var server = DemoServer.Start(
            processes: 2, threads: 2, "--max-requests", "100", "--max-requests-jitter", "10", "--strategy", strategy);
        var pids = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();

        // Load until a third worker (a replacement) has answered, however fast this machine serves the first hundreds.
        var lines = Concurrently.Run(Clients, c =>
        {
            var mine = new List<DemoLine>();
            for (var i = 0; i < MaxPerClient && pids.Count <= 2; i++)
            {
                var line = server.Get($"/load-{c}-{i}");
                pids.TryAdd(line.ProcessId, true);
                mine.Add(line);
            }

            return mine;
        });

        lines.SelectMany(l => l).Should().OnlyContain(l => l.ParentProcessId == server.Process.Pid, "no request failed");
        lines.SelectMany(l => l).Select(l => l.ProcessId).Distinct().Should().HaveCountGreaterThan(2, "workers past 100 requests were replaced");
        var status = server.Status();
        status.Failed.Should().Be(0);
        Eventually.Until(() => server.Status().ServingPids.Count == 2, TestTimeouts.Operation, "the pool back at two workers");
    }

    [Fact]
    public async Task Slow_requests_grow_the_pool_up_to_its_maximum_and_idleness_shrinks_it_back_to_its_minimum()
    {
        using var server = DemoServer.Start(
            processes: 1, threads: 4, "--max-processes", "4", "--min-spare-threads", "2", "--max-spare-threads", "6");

        var load = Concurrently.Start(40, i => server.Get($"/sleep/1000?n={i}"));
        Eventually.Until(() => server.Status().ServingPids.Count >= 3, TestTimeouts.Operation, "the pool grown to at least 3 workers");
        var lines = await load.WaitAsync(TestTimeouts.Operation);

        lines.Should().HaveCount(40);
        Eventually.Until(() => server.Status().ServingPids.Count == 1, TestTimeouts.Operation, "the idle pool shrunk back to 1 worker");
        Eventually.Until(() => server.Status().LivePids.Count == 1, TestTimeouts.Operation, "the retired workers gone from the scoreboard");
    }
}
