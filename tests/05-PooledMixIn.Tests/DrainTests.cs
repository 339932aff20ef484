using System.Globalization;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>The graceful stop's drain, seen from the server process's serving thread.</summary>
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
