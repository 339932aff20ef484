using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>The demo's <c>/server-status</c>, served by any worker from the shared scoreboard.</summary>
public sealed class ServerStatusTests
{
    [Fact]
    public void The_json_status_has_a_row_per_thread_of_every_worker_and_counts_that_add_up_to_what_clients_sent()
    {
        const int Requests = 12;
        using var server = DemoServer.Start(processes: 2, threads: 3);

        var lines = Concurrently.Run(Requests, 3, i => server.Get($"/counted-{i}"));

        // A thread counts its connection once it has closed it, just after the client read its answer: wait until
        // every connection but the status request being served is counted. Each read is itself one more connection.
        var reads = 0;
        DemoServer.StatusJson status = null!;
        Eventually.Until(
            () =>
            {
                (status, reads) = (server.Status(), reads + 1);
                return status.Completed == status.Accepted - 1 && status.Workers.SelectMany(w => w.Threads).Sum(t => t.Requests) == status.Completed;
            },
            TestTimeouts.Operation, "every connection but the status request counted");

        lines.Should().HaveCount(Requests);
        status.Workers.Should().HaveCount(2).And.OnlyContain(w => w.Threads.Count == 3);
        status.Workers.Select(w => w.Pid).Should().Contain(lines.Select(l => l.ProcessId).Distinct());
        status.Accepted.Should().Be(1 + Requests + reads, "/ready, the requests and the status reads, each accepted once");
        status.Failed.Should().Be(0);
        status.Workers.SelectMany(w => w.Threads).Should().ContainSingle(t => t.State == "busy" && t.Path == "/server-status");
    }

    [Fact]
    public void A_request_in_flight_shows_its_path_and_how_long_but_never_its_query()
    {
        using var server = DemoServer.Start(processes: 1, threads: 2);
        using var held = RawHttpClient.Connect(server.Process.EndPoint);
        held.Send("GET /sleep/5000?token=hunter2 HTTP/1.1\r\nHost: x\r\nCookie: secret=swordfish\r\n\r\n");

        DemoServer.StatusJson? status = null;
        Eventually.Until(
            () => (status = server.Status()).Workers.SelectMany(w => w.Threads).Any(t => t is { State: "busy", Path: "/sleep/5000", BusyMs: > 200 }),
            TestTimeouts.Operation, "the held request shows busy for a while");

        status!.Text.Should().NotContain("hunter2").And.NotContain("swordfish").And.NotContain("token");
        var html = server.Process.Get("/server-status");
        html.Header("Content-Type").Should().StartWith("text/html");
        html.Text.Should().Contain("/sleep/5000").And.Contain("http-equiv=\"refresh\"").And.NotContain("hunter2");
    }

    [Fact]
    public void In_the_event_form_a_request_in_flight_shows_busy_with_its_path_and_how_long()
    {
        using var server = DemoServer.Start(processes: 1, threads: 2, "--connections", "event");
        using var held = RawHttpClient.Connect(server.Process.EndPoint);
        held.Send("GET /sleep/5000 HTTP/1.1\r\nHost: x\r\n\r\n");

        Eventually.Until(
            () => server.Status().Workers.SelectMany(w => w.Threads).Any(t => t is { State: "busy", Path: "/sleep/5000", BusyMs: > 200 }),
            TestTimeouts.Operation, "the held request shows busy with its path, as in the thread-holding form");
    }

    [Fact]
    public void A_kept_alive_connection_idle_between_requests_shows_keepalive_not_busy()
    {
        using var server = DemoServer.Start(processes: 1, threads: 2);
        using var client = RawHttpClient.Connect(server.Process.EndPoint);
        client.Send("GET /first HTTP/1.1\r\nHost: x\r\n\r\n");
        client.ReadResponse().StatusCode.Should().Be(200);

        // The answer reaches the client a moment before its thread turns to wait for the next request: wait for the
        // row to say so, well inside the 5 s keep-alive timeout that would end the connection.
        IReadOnlyList<(string State, long Requests, long BusyMs, string Path)> threads = [];
        Eventually.Until(() => (threads = server.Status().Workers.Single().Threads).Any(t => t.State == "keepalive"),
            TimeSpan.FromSeconds(3), "the thread holding the idle connection shown waiting for its client");

        threads.Should().ContainSingle(t => t.State == "keepalive").Which.Path.Should().BeEmpty("the answered request's path is forgotten");
        threads.Should().ContainSingle(t => t.State == "busy").Which.Path.Should().Be("/server-status");
    }

    [Fact]
    public void A_killed_workers_rows_are_dead_or_gone_within_seconds()
    {
        using var server = DemoServer.Start(processes: 2, threads: 2);
        var victim = server.Status().Workers[^1].Pid;

        Signals.Send(victim, Signals.Kill); // the worker cannot clear its own rows

        Eventually.Until(() => !server.Status().LivePids.Contains(victim), TimeSpan.FromSeconds(5), $"worker {victim}'s rows dead or gone");
        Eventually.Until(() => server.Status().ServingPids.Count == 2, TestTimeouts.Operation, "a replacement serving");
    }
}
