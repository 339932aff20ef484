using System.Net.Sockets;
using System.Text;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>
/// The operator's signals to the server process, which the library handles by default (the test server registers
/// none of its own): TERM graceful, INT quick, HUP a reload, and systemd's readiness notifications.
/// </summary>
public sealed class OperatorSignalTests
{
    private const int SIGHUP = 1;
    private const int SIGINT = 2;
    private const int SIGTTIN = 21;
    private const int SIGTTOU = 22;

    [Fact]
    public async Task Term_with_a_request_in_flight_answers_it_200_exits_0_and_leaves_no_process()
    {
        using var server = PoolServer.Start(processes: 2, threads: 2);
        var inFlight = Task.Run(() => server.Process.Get("/slow-term?ms=2000"));
        server.Process.Child.WaitForLine(l => l.Contains("slow-started", StringComparison.Ordinal), TestTimeouts.Operation);

        Signals.Send(server.Pid, Signals.Terminate);

        (await inFlight.WaitAsync(TestTimeouts.Operation)).StatusCode.Should().Be(200);
        server.Process.Child.WaitForExit(TestTimeouts.Operation).Should().Be(0);
        server.Workers.Should().OnlyContain(pid => !LinuxProcesses.IsRunning(pid), "every worker exited with the server");
    }

    [Fact]
    public void Term_while_the_pool_is_still_starting_stops_the_server_gracefully()
    {
        // With EpollExclusive a worker serves as soon as it is ready, while the server process may still be starting
        // the others: a SIGTERM then must stop the server as one later would, not kill it (the package smoke test's
        // app once died of it, with exit code 143).
        var gate = Path.Combine(Path.GetTempPath(), $"pooledmixin-hold-{Guid.NewGuid():N}");
        File.WriteAllText(gate, "the second worker waits while this file exists");
        try
        {
            using var process = ServerProcess.Start(
                ServerProcess.HelperPath(typeof(PoolServer).Assembly, "TestServerPath"),
                ["--processes", "2", "--threads", "1", "--strategy", "epoll-exclusive", "--hold-later-workers", gate]);
            process.Get("/first-worker-serves").StatusCode.Should().Be(200, "the first worker serves before the pool is ready");
            process.Child.Transcript.Should().NotContain("pool-ready", "the server process is still starting its pool");

            Signals.Send(process.Pid, Signals.Terminate);
            File.Delete(gate);

            process.Child.WaitForExit(TestTimeouts.Operation).Should().Be(0, process.Child.Transcript);
        }
        finally
        {
            File.Delete(gate);
        }
    }

    [Fact]
    public async Task Int_stops_at_once_without_waiting_for_requests_in_flight()
    {
        // The test server's graceful deadline is 15 s and the request would take 60 s: a stop within 10 s can only
        // be the quick one.
        using var server = PoolServer.Start(processes: 2, threads: 2);
        var inFlight = Task.Run(() => server.Process.Get("/slow-int?ms=60000"));
        server.Process.Child.WaitForLine(l => l.Contains("slow-started", StringComparison.Ordinal), TestTimeouts.Operation);

        Signals.Send(server.Pid, SIGINT);

        server.Process.Child.TryWaitForExit(TimeSpan.FromSeconds(10)).Should().BeTrue("INT stops quickly");
        server.Workers.Should().OnlyContain(pid => !LinuxProcesses.IsRunning(pid));
        await inFlight.Invoking(t => t.WaitAsync(TestTimeouts.Operation)).Should().ThrowAsync<IOException>("the request was cut, not answered");
    }

    [Theory]
    [InlineData("handoff")]
    [InlineData("epoll-exclusive")]
    public void Hup_under_load_replaces_every_worker_keeps_the_server_and_fails_no_request(string strategy)
    {
        using var server = PoolServer.Start(processes: 2, threads: 4, strategy);
        using var load = ContinuousLoad.Start(server.Process, clients: 4, "/slow-hup", "?ms=20");
        Eventually.Until(() => load.Answers.Count >= 20, TestTimeouts.Operation, "the load is being served");

        Signals.Send(server.Pid, SIGHUP);
        Eventually.Until(() => NewWorkersSeen(load, server) == 2, TestTimeouts.Operation, "answers from two new workers");
        var answeredBeforeStop = load.Answers.Count;
        Eventually.Until(() => load.Answers.Count >= answeredBeforeStop + 20, TestTimeouts.Operation, "more answers after the reload");
        load.Stop();

        load.Failures.Should().BeEmpty();
        load.Answers.Should().OnlyContain(a => a.ParentProcessId == server.Pid, "the server process stays the same");
        load.Answers.TakeLast(8).Select(a => a.ProcessId).Should().NotIntersectWith(server.Workers);
        // An old worker stops taking connections at once but exits only once it has finished what it holds (and, in
        // CI, written its coverage): its exit is awaited, bounded, rather than assumed to have happened already.
        Eventually.Until(() => server.Workers.All(pid => !LinuxProcesses.IsRunning(pid)), TestTimeouts.Operation, "every old worker was retired");
    }

    [Fact]
    public async Task Hup_starts_the_new_worker_before_the_old_one_stops()
    {
        // One worker with one thread, busy with a long request: a connection made after HUP can only be answered
        // while that request is still in flight if the new worker serves before the old one has stopped.
        using var server = PoolServer.Start(processes: 1, threads: 1);
        var inFlight = Task.Run(() => server.Process.Get("/slow-hup-first?ms=10000"));
        server.Process.Child.WaitForLine(l => l.Contains("slow-started", StringComparison.Ordinal), TestTimeouts.Operation);

        Signals.Send(server.Pid, SIGHUP);
        var answer = server.Get("/after-hup");
        var inFlightWhenAnswered = !inFlight.IsCompleted;

        answer.ProcessId.Should().NotBe(server.Workers[0], "a new worker answered");
        answer.ParentProcessId.Should().Be(server.Pid);
        inFlightWhenAnswered.Should().BeTrue("the new worker served while the old one still finished its request");
        (await inFlight.WaitAsync(TestTimeouts.Operation)).StatusCode.Should().Be(200, "the old worker finished its request");
        Eventually.Until(() => !LinuxProcesses.IsRunning(server.Workers[0]), TestTimeouts.Operation, "the old worker retired");
        server.Process.Terminate().Should().Be(0);
    }

    [Fact]
    public void Ttou_removes_one_worker_and_ttin_adds_one_back()
    {
        using var server = PoolServer.Start(processes: 3, threads: 1);

        Signals.Send(server.Pid, SIGTTOU);
        Eventually.Until(() => Workers(server) == 2, TestTimeouts.Operation, "two workers after TTOU");
        Signals.Send(server.Pid, SIGTTIN);
        Eventually.Until(() => Workers(server) == 3, TestTimeouts.Operation, "three workers after TTIN");

        server.Get("/after-resize").ParentProcessId.Should().Be(server.Pid);
        server.Process.Terminate().Should().Be(0);
    }

    [Fact]
    public void Readiness_reload_and_stop_are_notified_on_NOTIFY_SOCKET()
    {
        var path = Path.Combine(Path.GetTempPath(), $"notify-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
        using var notifications = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notifications.Bind(new UnixDomainSocketEndPoint(path));
        notifications.ReceiveTimeout = (int)TestTimeouts.Operation.TotalMilliseconds;
        try
        {
            using var server = PoolServer.Start(2, 2, "handoff", "--notify-socket", path);
            var ready = Receive(notifications);
            Signals.Send(server.Pid, SIGHUP);
            var reloading = Receive(notifications);
            var readyAgain = Receive(notifications);
            server.Process.Terminate().Should().Be(0);
            var stopping = Receive(notifications);

            ready.Should().StartWith("READY=1").And.Contain($"MAINPID={server.Pid}");
            reloading.Should().StartWith("RELOADING=1\nMONOTONIC_USEC=");
            readyAgain.Should().StartWith("READY=1");
            stopping.Should().Be("STOPPING=1");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int Workers(PoolServer server) => LinuxProcesses.ChildrenOf(server.Pid).Count(LinuxProcesses.IsRunning);

    private static int NewWorkersSeen(ContinuousLoad load, PoolServer server) =>
        load.Answers.Select(a => a.ProcessId).Except(server.Workers).Distinct().Count();

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        var length = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
