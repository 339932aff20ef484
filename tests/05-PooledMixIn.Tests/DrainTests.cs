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
    [InlineData("handoff")]
    [InlineData("shared-accept")]
    public async Task Term_answers_every_connection_already_queued_and_resets_none(string strategy)
    {
        // The only thread is busy, so the connections made next wait in the kernel's accept queue, their requests
        // sent. Closing the listener with them there would reset them.
        const int Queued = 6;
        using var server = PoolServer.Start(processes: 1, threads: 1, strategy);
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
