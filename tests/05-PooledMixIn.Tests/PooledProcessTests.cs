using System.Net.Sockets;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

public sealed class PooledProcessTests
{
    private const int LoadBeforeKill = 20;

    [Theory]
    [InlineData("handoff", "yes")]
    [InlineData("handoff", "no")]
    [InlineData("shared-accept", "yes")]
    [InlineData("accept-lock", "yes")]
    [InlineData("epoll-exclusive", "yes")]
    public void Concurrent_requests_are_served_by_distinct_worker_processes_all_children_of_the_server(string strategy, string batch)
    {
        using var server = PoolServer.Start(processes: 3, threads: 1, strategy, "--batch", batch);

        // One thread per process: three requests in flight at once need all three processes.
        var lines = Concurrently.Run(3, i => server.Get($"/slow-{i}?ms=1500"));

        lines.Select(l => l.ProcessId).Distinct().Should().BeEquivalentTo(server.Workers);
        lines.Should().OnlyContain(l => l.ParentProcessId == server.Pid && l.Thread.EndsWith(".0", StringComparison.Ordinal));
        server.Workers.Should().OnlyContain(pid => LinuxProcesses.ParentOf(pid) == server.Pid).And.NotContain(server.Pid);
    }

    [Theory]
    [InlineData(null, "400000")]
    [InlineData("DOTNET_GCgen0size=800000", "800000")]
    [InlineData("DOTNET_GCgen0size=0", "0")]
    public void Workers_get_a_4_MiB_gen0_budget_unless_the_servers_environment_sets_one(string? serverSetting, string expected)
    {
        using var pool = serverSetting is null
            ? PoolServer.Start(processes: 2, threads: 2)
            : PoolServer.Start(processes: 2, threads: 2, "handoff", "--server-env", serverSetting);

        pool.Workers.Should().HaveCount(2).And.OnlyContain(pid =>
            LinuxProcesses.EnvironmentOf(pid).GetValueOrDefault("DOTNET_GCgen0size") == expected);
        pool.Get("/after-start").ProcessId.Should().BeOneOf(pool.Workers, "a worker serves with the budget it was given");
    }

    [Fact]
    public void A_handler_exception_is_answered_500_and_never_kills_its_thread()
    {
        using var server = PoolServer.Start(processes: 1, threads: 1);

        var failures = Enumerable.Range(0, 3).Select(i => server.Process.Get($"/boom-{i}").StatusCode).ToList();
        var after = server.Get("/after-boom");

        failures.Should().OnlyContain(status => status == 500);
        after.Thread.Should().Be("pool-0.0", "the only thread of the pool survived its handler's exceptions");
        server.Status().Failed.Should().Be(3);
    }

    [Fact]
    public void When_every_thread_is_held_new_connections_wait_in_the_backlog_and_are_served_when_one_frees()
    {
        using var server = PoolServer.Start(processes: 1, threads: 2, "handoff", "--handoff-timeout-ms", "300");
        using var first = Hold(server, "/hold-a?ms=2500");
        using var second = Hold(server, "/hold-b?ms=2500");

        // Both threads are busy for 2.5 s, far longer than the 300 ms hand-off timeout: the waiting token must be
        // understood as back-pressure, not as a lost hand-off.
        var waited = server.Get("/waited");

        waited.Uri.Should().Be("/waited");
        var (accepted, _, failed, lost) = server.Status();
        (accepted, failed, lost).Should().Be((4, 0, 0), "hold-a, hold-b, /waited and /status were each accepted once");
    }

    [Fact]
    public async Task A_worker_killed_while_clients_connect_loses_only_connections_it_held_and_is_replaced()
    {
        const int Threads = 2;
        using var server = PoolServer.Start(processes: 2, threads: Threads, "handoff", "--handoff-timeout-ms", "500");
        using var held = Hold(server, "/hold-victim?ms=60000");
        var victim = DemoLine.Parse(held.ReadResponse().Text).ProcessId;
        using var load = new CancellationTokenSource();
        using var loadRunning = new CountdownEvent(LoadBeforeKill);
        var background = Concurrently.Start(4, client =>
        {
            var (ok, lostConnections) = (0, 0);
            for (var i = 0; i < 400 && !load.IsCancellationRequested; i++)
            {
                try
                {
                    server.Get($"/load-{client}-{i}").ParentProcessId.Should().Be(server.Pid);
                    ok++;
                    SignalOnce(loadRunning);
                }
                catch (IOException)
                {
                    lostConnections++; // accepted by the victim, then reset when it died
                }
            }

            return (ok, lostConnections);
        });

        loadRunning.Wait(TestTimeouts.Operation).Should().BeTrue($"the load must be served before the kill ({LoadBeforeKill} answers)");
        Signals.Send(victim, Signals.Kill);
        held.IsClosedByServer().Should().BeTrue("the victim's own connection dies with it");
        var replacement = server.Process.Child.WaitForLine(l => l.Contains("worker-started index=", StringComparison.Ordinal), TestTimeouts.Operation);
        var after = Enumerable.Range(0, 20).Select(i => server.Get($"/after-kill-{i}")).ToList();
        load.Cancel();
        var results = await background.WaitAsync(TestTimeouts.Operation);

        replacement.Should().NotContain($"pid={victim}");
        after.Should().OnlyContain(l => l.ProcessId != victim);
        results.Sum(r => r.lostConnections).Should().BeLessThanOrEqualTo(Threads,
            "only connections the dead worker had accepted can be lost, and it serves at most one per thread");
        results.Sum(r => r.ok).Should().BePositive();
    }

    [Fact]
    public void After_kill_9_of_a_worker_the_status_shows_none_of_its_threads_busy_even_before_a_replacement_serves()
    {
        // Replacements crash at start while the file exists, so none overwrites the victim's rows: only the server
        // process's own bookkeeping can clear them.
        var crashFile = Path.Combine(Path.GetTempPath(), $"pool-crash-{Guid.NewGuid():N}");
        try
        {
            using var server = PoolServer.Start(processes: 2, threads: 2, "handoff", "--crash-workers-while", crashFile);
            using var held = Hold(server, "/hold-dying?ms=60000");
            var victim = DemoLine.Parse(held.ReadResponse().Text).ProcessId;
            server.BusyThreadPids().Should().Contain(victim, "the held request keeps one of the victim's threads busy");
            File.WriteAllText(crashFile, "replacements crash");

            Signals.Send(victim, Signals.Kill);

            Eventually.Until(() => !server.BusyThreadPids().Contains(victim), TimeSpan.FromSeconds(5),
                "the server process marks the rows of a worker killed with SIGKILL dead");
        }
        finally
        {
            File.Delete(crashFile);
        }
    }

    [Fact]
    public void A_handler_that_prints_the_old_control_lines_neither_stops_nor_disturbs_the_server()
    {
        using var server = PoolServer.Start(processes: 2, threads: 2);

        server.Process.Get("/print-control-lines").StatusCode.Should().Be(200);
        var after = Enumerable.Range(0, 10).Select(i => server.Get($"/after-print-{i}")).ToList();

        server.Process.Child.WaitForLine(l => l.EndsWith("#pooledmixin:shutdown", StringComparison.Ordinal), TestTimeouts.Operation)
            .Should().Be("#pooledmixin:shutdown", "a worker's output is forwarded as written, as application output");
        after.Should().OnlyContain(l => l.ParentProcessId == server.Pid);
        server.Process.Child.HasExited.Should().BeFalse(server.Process.Child.Transcript);
        server.Process.Terminate().Should().Be(0);
        server.Process.Child.WaitForLine(l => l.StartsWith("supervisor ", StringComparison.Ordinal), TestTimeouts.Operation)
            .Should().Be("supervisor workers-started=2 unexpected-exits=0");
    }

    [Fact]
    public void A_worker_that_stops_itself_for_a_shutdown_request_is_not_taken_for_a_crash_even_when_the_thread_pool_is_busy()
    {
        // The server process acts on a shutdown request through its thread pool, which a busy application keeps
        // saturated: the worker that asked stops long before the server process does. Its exit must still be
        // understood as asked for, not as a crash to be answered with a replacement.
        using var server = PoolServer.Start(processes: 2, threads: 1, "handoff", "--busy-thread-pool", "yes");

        server.Get("/shutdown");

        server.Process.Child.WaitForExit(TestTimeouts.Operation).Should().Be(0, server.Process.Child.Transcript);
        server.Process.Child.Transcript.Should().Contain("supervisor workers-started=2 unexpected-exits=0");
    }

    [Theory]
    [InlineData("handoff")]
    [InlineData("accept-lock")]
    [InlineData("epoll-exclusive")]
    [InlineData("reuseport")]
    public async Task Shutdown_from_a_handler_completes_requests_in_flight_and_leaves_no_worker_no_shared_memory_and_no_port(string strategy)
    {
        using var server = PoolServer.Start(processes: 2, threads: 2, strategy);
        var region = PoolRegionHeldByAll(server);
        var inFlight = Concurrently.Start(2, i => server.Process.Get($"/slow-flight-{i}?ms=1500"));
        WaitForAnnouncements(server, "/slow-flight-0?ms=1500", "/slow-flight-1?ms=1500");

        server.Get("/shutdown");

        server.Process.Child.WaitForExit(TestTimeouts.Operation).Should().Be(0, server.Process.Child.Transcript);
        (await inFlight.WaitAsync(TestTimeouts.Operation)).Should().OnlyContain(r => r.StatusCode == 200);
        AssertNothingLeft(server, region);
    }

    [Fact]
    public async Task SIGTERM_to_the_server_completes_requests_in_flight_and_leaves_nothing_behind()
    {
        using var server = PoolServer.Start(processes: 2, threads: 2);
        var region = PoolRegionHeldByAll(server);
        var inFlight = Concurrently.Start(3, i => server.Process.Get($"/slow-term-{i}?ms=1500"));
        WaitForAnnouncements(server, "/slow-term-0?ms=1500", "/slow-term-1?ms=1500", "/slow-term-2?ms=1500");

        server.Process.Terminate().Should().Be(0, server.Process.Child.Transcript);

        (await inFlight.WaitAsync(TestTimeouts.Operation)).Should().OnlyContain(r => r.StatusCode == 200);
        AssertNothingLeft(server, region);
    }

    /// <summary>
    /// The inode of the pool's shared region (a memfd, so never in /dev/shm), after checking that the probe used to
    /// prove it released does see it now, in the server process and in every worker.
    /// </summary>
    private static long PoolRegionHeldByAll(PoolServer server)
    {
        var region = MemfdHolders.MappedInode(server.Pid, "pooledmixin-pool");
        region.Should().NotBeNull("the server process maps the pool's region");
        MemfdHolders.Of(region!.Value).Should().Contain([server.Pid, .. server.Workers]);
        return region.Value;
    }

    private static void AssertNothingLeft(PoolServer server, long region)
    {
        server.Workers.Should().OnlyContain(pid => !LinuxProcesses.IsRunning(pid));
        LinuxProcesses.ChildrenOf(server.Pid).Should().BeEmpty();
        MemfdHolders.Of(region).Should().BeEmpty("no process may still map the pool's region or hold its descriptor");
        using var rebind = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        rebind.Invoking(s => s.Bind(server.Process.EndPoint)).Should().NotThrow("no process may still hold the port");
    }

    private static void WaitForAnnouncements(PoolServer server, params string[] uris)
    {
        var pending = new HashSet<string>(uris, StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var line = server.Process.Child.WaitForLine(l => pending.Any(u => l.EndsWith($"uri={u}", StringComparison.Ordinal)), TestTimeouts.Operation);
            pending.RemoveWhere(u => line.EndsWith($"uri={u}", StringComparison.Ordinal));
        }
    }

    private static void SignalOnce(CountdownEvent countdown)
    {
        try
        {
            countdown.Signal();
        }
        catch (InvalidOperationException)
        {
            // Already down to zero: the load is known to run.
        }
    }

    private static RawHttpClient Hold(PoolServer server, string path)
    {
        var client = RawHttpClient.Connect(server.Process.EndPoint);
        client.Send($"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        server.Process.Child.WaitForLine(l => l.EndsWith($"uri={path}", StringComparison.Ordinal), TestTimeouts.Operation);
        return client;
    }
}
