using System.Net.Sockets;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Preforking.Tests;

public sealed class PreforkingTests
{
    [Fact]
    public void Concurrent_connections_are_served_by_distinct_worker_processes_whose_parent_is_the_server()
    {
        using var server = TestServer.Preforking(3);
        var workers = TestServer.WaitForPool(server);
        var clients = new List<RawHttpClient>();
        try
        {
            // A serial worker serves one connection until the client closes it, so while each earlier client keeps its
            // keep-alive connection open, the next connection can only be answered by a worker not yet holding one.
            var lines = new List<DemoLine>();
            for (var i = 0; i < workers.Length; i++)
            {
                var client = RawHttpClient.Connect(server.EndPoint);
                clients.Add(client);
                client.Send($"GET /held-{i} HTTP/1.1\r\nHost: t\r\n\r\n");
                lines.Add(DemoLine.Parse(client.ReadResponse().Text));
            }

            lines.Select(l => l.ProcessId).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(workers);
            lines.Should().OnlyContain(l => l.ParentProcessId == server.Pid);
            workers.Should().OnlyContain(pid => LinuxProcesses.ParentOf(pid) == server.Pid);
            workers.Should().NotContain(server.Pid);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public void The_listening_socket_is_inherited_by_every_worker_and_close_on_exec_again_in_the_server()
    {
        using var server = TestServer.Preforking(2);
        var workers = TestServer.WaitForPool(server);
        var listening = ProcDescriptors.ListeningSocketInode(server.EndPoint.Port);

        // Each worker holds the server's very socket (one inode): it was inheritable while that worker was started.
        workers.Should().OnlyContain(pid => ProcDescriptors.DescriptorsOf(pid, listening).Count > 0);

        // Once the pool is up, the server's own descriptor is close-on-exec again: nothing else it starts inherits it.
        var serverDescriptors = ProcDescriptors.DescriptorsOf(server.Pid, listening);
        serverDescriptors.Should().NotBeEmpty();
        serverDescriptors.Should().OnlyContain(fd => ProcDescriptors.IsCloseOnExec(server.Pid, fd));
    }

    [Fact]
    public void A_worker_killed_with_SIGKILL_loses_only_its_own_connection_and_is_replaced()
    {
        using var server = TestServer.Preforking(2);
        var workers = TestServer.WaitForPool(server);
        using var held = RawHttpClient.Connect(server.EndPoint);
        held.Send("GET /hold?ms=60000 HTTP/1.1\r\nHost: t\r\n\r\n");
        var victim = DemoLine.Parse(held.ReadResponse().Text).ProcessId;

        Signals.Send(victim, Signals.Kill);

        held.IsClosedByServer().Should().BeTrue("the dead worker's connection is the one connection lost");
        var answered = Enumerable.Range(0, 40).Select(i => server.GetDemoLine($"/after-{i}")).ToList();
        answered.Should().HaveCount(40).And.OnlyContain(l => l.ProcessId != victim && l.ParentProcessId == server.Pid);
        var replacement = server.Child.WaitForLine(l => l.Contains("worker-started index=", StringComparison.Ordinal), TestTimeouts.Operation);
        replacement.Should().NotContain($"pid={victim}");
        Eventually.Until(() => LinuxProcesses.ChildrenOf(server.Pid).Count(LinuxProcesses.IsRunning) == 2, TestTimeouts.Operation, "two live workers again");
        LinuxProcesses.ChildrenOf(server.Pid).Should().NotContain(workers.Where(w => w == victim));
    }

    [Fact]
    public void Stopping_one_worker_gracefully_leaves_the_shared_socket_listening_for_the_others()
    {
        using var server = TestServer.Preforking(2);
        var workers = TestServer.WaitForPool(server);

        Signals.Send(workers[0], Signals.Terminate);
        Eventually.Until(() => !LinuxProcesses.IsRunning(workers[0]), TestTimeouts.Operation, "the stopped worker to exit");

        var answered = Enumerable.Range(0, 40).Select(i => server.GetDemoLine($"/after-stop-{i}")).ToList();
        answered.Should().OnlyContain(l => l.ProcessId != workers[0]);
    }

    [Fact]
    public async Task A_graceful_stop_completes_requests_in_flight_then_leaves_no_worker_no_port_and_no_leaked_descriptor()
    {
        using var server = TestServer.Preforking(2, "--spawn-unrelated", "yes");
        var workers = TestServer.WaitForPool(server);
        var unrelated = int.Parse(server.Child.WaitForLine(l => l.StartsWith("unrelated-pid=", StringComparison.Ordinal), TestTimeouts.Operation)["unrelated-pid=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        LinuxProcesses.OpenDescriptors(unrelated).Should().NotContain(d => d.StartsWith("socket:", StringComparison.Ordinal),
            "the listening socket is inheritable only while a worker is being started");
        var inFlight = Concurrently.Start(2, i => server.Get($"/slow-inflight-{i}?ms=1500"));
        TestServer.WaitForRequestsStarted(server, "/slow-inflight-0?ms=1500", "/slow-inflight-1?ms=1500");

        var exitCode = server.Terminate();

        exitCode.Should().Be(0, server.Child.Transcript);
        (await inFlight.WaitAsync(TestTimeouts.Operation)).Should().OnlyContain(r => r.StatusCode == 200);
        workers.Should().OnlyContain(pid => !LinuxProcesses.IsRunning(pid));
        using var rebind = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        rebind.Invoking(s => s.Bind(server.EndPoint)).Should().NotThrow("no process may still hold the port");
    }

    [Fact]
    public void GET_shutdown_in_a_worker_stops_the_whole_server()
    {
        using var server = TestServer.Preforking(2);
        var workers = TestServer.WaitForPool(server);

        var line = server.GetDemoLine("/shutdown");

        workers.Should().Contain(line.ProcessId);
        server.Child.WaitForExit(TestTimeouts.Operation).Should().Be(0);
        workers.Should().OnlyContain(pid => !LinuxProcesses.IsRunning(pid));
    }

    [Fact]
    public void When_the_server_process_is_killed_every_worker_exits_on_its_own()
    {
        using var server = TestServer.Preforking(3);
        var workers = TestServer.WaitForPool(server);

        Signals.Send(server.Pid, Signals.Kill);

        Eventually.Until(() => workers.All(pid => !LinuxProcesses.IsRunning(pid)), TestTimeouts.Operation, "every orphaned worker to exit");
    }

    [Fact]
    public void A_worker_that_fails_at_start_is_reported_with_its_exit_code_and_output_and_the_server_does_not_spin()
    {
        using var server = TestServer.Preforking(2, "--fail-in-worker", "yes");

        var exitCode = server.Child.WaitForExit(TestTimeouts.Operation);

        exitCode.Should().Be(4);
        server.Child.Transcript.Should().Contain("exited with code 3 before it was ready").And.Contain("failing at start on purpose");
        LinuxProcesses.ChildrenOf(server.Pid).Should().BeEmpty();
    }

    [Fact]
    public void Every_worker_starts_with_the_worker_environment_over_the_servers_and_the_server_keeps_its_own()
    {
        var serverEnvironment = LinuxProcesses.EnvironmentOf(Environment.ProcessId);
        serverEnvironment.Should().ContainKey("PATH", "the server inherits this test's environment, PATH included");
        using var server = TestServer.Preforking(2, "--worker-env", "POOLEDMIXIN_TEST_SETTING=for-workers,PATH=");
        var workers = TestServer.WaitForPool(server);

        foreach (var pid in workers)
        {
            var environment = LinuxProcesses.EnvironmentOf(pid);
            environment.Should().Contain("POOLEDMIXIN_TEST_SETTING", "for-workers");
            environment.Should().NotContainKey("PATH", "a null value removes the variable from the workers only");
        }

        var own = LinuxProcesses.EnvironmentOf(server.Pid);
        own.Should().NotContainKey("POOLEDMIXIN_TEST_SETTING");
        own.Should().ContainKey("PATH");
    }

    [Fact]
    public void Workers_can_serve_with_threads_of_their_own()
    {
        const int Processes = 2, Threads = 4;
        using var server = TestServer.Preforking(Processes, "--threads", Threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var workers = TestServer.WaitForPool(server);
        var clients = new List<RawHttpClient>();
        try
        {
            // Each kept-alive connection holds the thread that serves it, so every answer comes from a thread that holds
            // no other: as many connections as threads in the pool need every thread of every worker.
            var lines = new List<DemoLine>();
            for (var i = 0; i < Processes * Threads; i++)
            {
                var client = RawHttpClient.Connect(server.EndPoint);
                clients.Add(client);
                client.Send($"GET /threads-{i} HTTP/1.1\r\nHost: t\r\n\r\n");
                lines.Add(DemoLine.Parse(client.ReadResponse().Text));
            }

            lines.Select(l => (l.ProcessId, l.Thread)).Should().OnlyHaveUniqueItems("a thread holding a connection takes no other");
            lines.Select(l => l.ProcessId).Distinct().Should().BeEquivalentTo(workers);
            lines.GroupBy(l => l.ProcessId).Should().OnlyContain(g => g.Count() == Threads, "each worker serves on all its threads");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
