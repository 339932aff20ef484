using System.Net;
using PooledMixIn.TestSupport;

namespace PooledMixIn.AspNetCore.Tests;

/// <summary>The sample on the pool, driven by <see cref="HttpClient"/>: where requests run, connections, load, failures.</summary>
public sealed class PoolTests
{
    [Fact]
    public void A_kept_alive_connection_holds_its_thread_so_a_second_client_is_served_by_the_other_worker()
    {
        using var server = SampleServer.OnPool(processes: 2, threads: 1);
        using var second = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TestTimeouts.Operation };

        var first = server.Client.GetFromJson<ServedBy>("whoami"); // the connection stays open, and so busy
        var other = second.GetFromJson<ServedBy>("whoami");

        first.Pid.Should().NotBe(other.Pid, "the first worker's only thread is still serving the first connection");
        new[] { first, other }.Should().OnlyContain(s => s.IsWorker && s.Pid != server.Process.Pid && s.HostedServiceStarted,
            "requests run in workers, never in the server process, and each worker runs its own hosted services");
        first.Thread.Should().StartWith("pool-");
    }

    [Fact]
    public void The_worker_environment_from_configuration_reaches_the_worker_that_serves()
    {
        using var server = SampleServer.OnPool(processes: 1, threads: 2, "--PooledProcesses:WorkerEnvironment:POOLEDMIXIN_TEST_SETTING=aspnetcore");

        var worker = server.WhoAmI();

        worker.IsWorker.Should().BeTrue();
        LinuxProcesses.EnvironmentOf(worker.Pid).Should().Contain("POOLEDMIXIN_TEST_SETTING", "aspnetcore")
            .And.Contain("DOTNET_GCgen0size", "400000", "an entry of another name keeps the pool's default");
        LinuxProcesses.EnvironmentOf(server.Process.Pid).Should().NotContainKey("POOLEDMIXIN_TEST_SETTING");
    }

    [Fact]
    public void Keep_alive_serves_every_request_of_a_client_on_one_connection_and_one_thread()
    {
        using var server = SampleServer.OnPool(processes: 2, threads: 2);

        var answers = Enumerable.Range(0, 5).Select(_ => server.Client.GetFromJson<ServedBy>("whoami")).ToList();

        answers.Select(a => (a.Pid, a.Thread, a.Connection)).Distinct().Should().ContainSingle();
    }

    [Fact]
    public void Concurrent_requests_beyond_one_worker_are_all_answered()
    {
        using var server = SampleServer.OnPool(processes: 2, threads: 4);

        var statuses = Concurrently.Run(16, i =>
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TestTimeouts.Operation };
            return client.GetAsync($"sleep/{100 + i}").GetAwaiter().GetResult().StatusCode;
        });

        statuses.Should().AllBeEquivalentTo(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_request_the_client_cancels_frees_its_thread_for_the_next_one()
    {
        using var server = SampleServer.OnPool(processes: 1, threads: 1);
        using var cancel = new CancellationTokenSource();
        var cancelled = server.Client.GetAsync("sleep/1500", cancel.Token);
        server.Process.Child.WaitForLine(l => l.Contains("sleep 1500 ms begins", StringComparison.Ordinal), TestTimeouts.Operation);

        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => cancelled).Should().ThrowAsync<TaskCanceledException>();
        using var fresh = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TestTimeouts.Operation };
        (await fresh.GetStringAsync("")).Should().Be("Hello, World!", "the only thread finishes the abandoned request, then serves");
    }

    [Fact]
    public async Task A_worker_killed_under_load_is_replaced_and_only_its_connections_are_lost()
    {
        const int Threads = 2;
        using var server = SampleServer.OnPool(processes: 2, threads: Threads);
        var victim = server.Client.GetFromJson<ServedBy>("whoami").Pid;
        using var load = new CancellationTokenSource();
        var background = Concurrently.Start(4, _ =>
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TestTimeouts.Operation };
            client.DefaultRequestHeaders.ConnectionClose = true; // a connection per request: no client keeps a thread
            var (ok, lost) = (0, 0);
            for (var i = 0; i < 300 && !load.IsCancellationRequested; i++)
            {
                try
                {
                    client.GetFromJson<ServedBy>("whoami");
                    ok++;
                }
                catch (HttpRequestException)
                {
                    lost++; // accepted by the victim, then reset when it died
                }
            }

            return (ok, lost);
        });

        Signals.Send(victim, Signals.Kill);
        var replacement = server.Process.Child.WaitForLine(l => l.Contains("Started worker", StringComparison.Ordinal), TestTimeouts.Operation);
        var after = Enumerable.Range(0, 20).Select(_ => server.WhoAmI()).ToList();
        await load.CancelAsync();
        var results = await background.WaitAsync(TestTimeouts.Operation);

        replacement.Should().NotContain($"pid {victim})");
        after.Should().OnlyContain(a => a.Pid != victim && a.IsWorker);
        results.Sum(r => r.lost).Should().BeLessThanOrEqualTo(Threads + 1,
            "only connections the dead worker held can be lost: one per thread, and the victim's kept-alive one");
        results.Sum(r => r.ok).Should().BePositive();
    }

    [Fact]
    public async Task SIGTERM_finishes_the_request_in_flight_then_stops_the_server_and_every_worker()
    {
        // The client keeps its connection alive after the answer, longer than the test waits: only draining the
        // idle connection lets the worker stop in time.
        using var server = SampleServer.OnPool(processes: 2, threads: 2, "--PooledProcesses:KeepAliveTimeout=00:05:00");
        var workers = LinuxProcesses.ChildrenOf(server.Process.Pid);
        var inFlight = server.Client.GetAsync("sleep/1000");
        server.Process.Child.WaitForLine(l => l.Contains("sleep 1000 ms begins", StringComparison.Ordinal), TestTimeouts.Operation);

        var exitCode = server.Process.Terminate();

        exitCode.Should().Be(0, server.Process.Child.Transcript);
        (await inFlight.WaitAsync(TestTimeouts.Operation)).StatusCode.Should().Be(HttpStatusCode.OK);
        workers.Should().HaveCount(2);
        Eventually.Until(() => workers.All(pid => !LinuxProcesses.IsRunning(pid)), TestTimeouts.Operation, "every worker exited");
    }
}
