using System.Globalization;
using System.Net.Sockets;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>The graceful stop's drain, seen from the server process's serving thread and from the clients.</summary>
public sealed class DrainTests
{
    [Fact]
    public async Task While_draining_the_server_process_waits_instead_of_spinning()
    {
        using var server = PoolServer.Start(processes: 1, threads: 2);
        var shortOne = Task.Run(() => server.Process.Get("/slow-short?ms=4000"));
        var longOne = Task.Run(() => server.Process.Get("/slow-long?ms=8000"));
        for (var started = 0; started < 2; started++)
        {
            server.Process.Child.WaitForLine(l => l.Contains("slow-started", StringComparison.Ordinal), TestTimeouts.Operation);
        }

        // The short request still has seconds to go, even on a loaded machine: the window measured below is long.
        Signals.Send(server.Pid, Signals.Terminate);
        var before = ContextSwitches(server.Pid);
        (await shortOne.WaitAsync(TestTimeouts.Operation)).StatusCode.Should().Be(200);
        var during = ContextSwitches(server.Pid); // the long request still holds the drain open
        (await longOne.WaitAsync(TestTimeouts.Operation)).StatusCode.Should().Be(200);

        // A thread that waits gives the core up (voluntary switches); one that spins only loses it when the
        // scheduler takes it (involuntary ones), however loaded the machine is.
        var waited = during.Voluntary - before.Voluntary;
        var preempted = during.Involuntary - before.Involuntary;
        waited.Should().BeGreaterThan(preempted, "the serving thread blocks between its turns while requests drain");
        server.Process.Child.WaitForExit(TestTimeouts.Operation).Should().Be(0);
    }

    [Theory]
    [InlineData("handoff", "thread")]
    [InlineData("shared-accept", "thread")]
    [InlineData("epoll-exclusive", "thread")]
    [InlineData("handoff", "event")]
    [InlineData("shared-accept", "event")]
    [InlineData("epoll-exclusive", "event")]
    public async Task Term_answers_every_connection_already_queued_and_resets_none(string strategy, string connections)
    {
        // The only thread is busy, so the connections made next wait, their requests sent: in the kernel's accept
        // queue in the thread form, parked or queued for a thread in the event form, whose acceptor takes them at once.
        // Closing the listener, or ending the worker, with them there would reset them or leave them unanswered.
        const int Queued = 6;
        using var server = PoolServer.Start(processes: 1, threads: 1, strategy, "--connections", connections);
        var inFlight = Task.Run(() => server.Process.Get("/slow-queued?ms=2000"));
        server.Process.Child.WaitForLine(l => l.Contains("slow-started", StringComparison.Ordinal), TestTimeouts.Operation);
        var clients = new List<RawHttpClient>();
        try
        {
            for (var i = 0; i < Queued; i++)
            {
                clients.Add(RawHttpClient.Connect(server.Process.EndPoint)); // returns once the handshake completed
                clients[^1].Send($"GET /queued-{i} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
            }

            Signals.Send(server.Pid, Signals.Terminate);
            var outcomes = await Task.WhenAll(clients.Select(c => Task.Run(() => Outcome(c))));

            (await inFlight.WaitAsync(TestTimeouts.Operation)).StatusCode.Should().Be(200);
            outcomes.Should().OnlyContain(o => o == "200" || o == "503", "a queued connection is served or refused politely, never reset");
            server.Process.Child.WaitForExit(TestTimeouts.Operation).Should().Be(0);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Term_in_the_event_form_serves_a_request_whose_head_was_still_arriving()
    {
        using var server = PoolServer.Start(processes: 1, threads: 1, "handoff", "--connections", "event");
        var worker = server.Workers.Single();
        var inFlight = Task.Run(() => server.Process.Get("/slow-partial?ms=4000"));
        server.Process.Child.WaitForLine(l => l.Contains("slow-started", StringComparison.Ordinal), TestTimeouts.Operation);
        using var client = RawHttpClient.Connect(server.Process.EndPoint);
        client.Send("GET /partial HTTP/1.1\r\nHost: test\r\n"); // the head's end is still to come
        Eventually.Until(() => ListeningSockets.On(server.Process.EndPoint.Port).Sum(socket => socket.AcceptQueueLength) == 0, TestTimeouts.Operation,
            "the worker's acceptor took the connection (the only thread is busy, so it is parked)");

        Signals.Send(server.Pid, Signals.Terminate);
        Eventually.Until(() => !LinuxProcesses.ThreadNames(worker).Contains("acceptor-0"), TestTimeouts.Operation,
            "the worker stops: its acceptor has ended, and it drains");

        // A slow client: the rest of its head comes well after the worker's event loop has seen the stop (it looks
        // at least every half second), so only a drain that waits for heads on their way can serve it.
        Thread.Sleep(TimeSpan.FromMilliseconds(1500)); // sync-ok: the client's gap is the condition under test
        client.Send("Connection: close\r\n\r\n");

        client.ReadResponse().StatusCode.Should().Be(200, "a request begun before the stop is served, not dropped");
        (await inFlight.WaitAsync(TestTimeouts.Operation)).StatusCode.Should().Be(200);
        server.Process.Child.WaitForExit(TestTimeouts.Operation).Should().Be(0);
    }

    /// <summary>What a client got: the status code, "closed" for an end of stream without one, or the error.</summary>
    private static string Outcome(RawHttpClient client)
    {
        try
        {
            return client.ReadResponse().StatusCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException exception) when (exception.InnerException is SocketException socketError)
        {
            return $"{socketError.SocketErrorCode}";
        }
        catch (IOException)
        {
            return "closed";
        }
    }

    /// <summary>The context switches of a process's main thread, the one that runs ServeForever in the test server.</summary>
    private static (long Voluntary, long Involuntary) ContextSwitches(int pid)
    {
        var fields = File.ReadAllLines($"/proc/{pid}/task/{pid}/status")
            .Select(l => l.Split(':', 2))
            .Where(f => f.Length == 2)
            .ToDictionary(f => f[0], f => f[1].Trim(), StringComparer.Ordinal);
        return (long.Parse(fields["voluntary_ctxt_switches"], CultureInfo.InvariantCulture),
            long.Parse(fields["nonvoluntary_ctxt_switches"], CultureInfo.InvariantCulture));
    }
}
