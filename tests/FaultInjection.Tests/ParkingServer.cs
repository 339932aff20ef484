using System.Globalization;
using PooledMixIn.TestSupport;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// Layer 5's test server (tests/05-PooledMixIn.TestServer) with the hand-off, one thread per worker, and a fault
/// armed at one step: after <see cref="Arm"/>, the first pool thread to reach the step parks there for ever and says
/// so, and the test kills its worker while it provably is there. One thread per worker, so that the worker killed
/// holds nothing but what the parked thread holds: every other connection must be served.
/// </summary>
internal sealed class ParkingServer : IDisposable
{
    /// <summary>How long the server process waits for an acknowledgement before it counts a lost hand-off.</summary>
    public static readonly TimeSpan HandoffTimeout = TimeSpan.FromMilliseconds(500);

    private static readonly string s_path = ServerProcess.HelperPath(typeof(ParkingServer).Assembly, "TestServerPath");

    private readonly string _armFile = Path.Combine(Path.GetTempPath(), $"pool-park-{Guid.NewGuid():N}");
    private readonly SeenWorkers _seenWorkers = new();

    private ParkingServer(string step, int processes)
    {
        Process = ServerProcess.Start(s_path,
        [
            "--processes", processes.ToString(CultureInfo.InvariantCulture), "--threads", "1", "--strategy", "handoff",
            "--handoff-timeout-ms", ((int)HandoffTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "--park-at", step, "--park-armed-by", _armFile,
        ]);
    }

    public ServerProcess Process { get; }

    public int Pid => Process.Pid;

    /// <summary>The workers the pool started with.</summary>
    public IReadOnlyList<int> InitialWorkers { get; private set; } = [];

    /// <summary>Starts the server and waits until every worker serves.</summary>
    public static ParkingServer Start(string step, int processes)
    {
        var server = new ParkingServer(step, processes);
        try
        {
            var line = server.Process.Child.WaitForLine(l => l.StartsWith("pool-ready pids=", StringComparison.Ordinal), TestTimeouts.Operation);
            server.InitialWorkers = [.. line["pool-ready pids=".Length..].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
            server._seenWorkers.Remember(server.InitialWorkers);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The live workers: children of the server process that are not zombies.</summary>
    public IReadOnlyList<int> Workers() => _seenWorkers.LiveChildrenOf(Pid);

    /// <summary>From now on, the first pool thread to reach the step parks.</summary>
    public void Arm() => File.WriteAllText(_armFile, "armed");

    /// <summary>Waits for the parked thread's <c>parked step=S pid=P</c> line and returns the pid of its worker.</summary>
    public int WaitForParkedWorker(string step)
    {
        var line = Process.Child.WaitForLine(l => l.Contains($"parked step={step} pid=", StringComparison.Ordinal), TestTimeouts.Operation);
        return int.Parse(line[(line.LastIndexOf("pid=", StringComparison.Ordinal) + 4)..], CultureInfo.InvariantCulture);
    }

    /// <summary>Waits for a worker the pool did not start with to announce itself, and returns its pid.</summary>
    public int WaitForReplacement()
    {
        var line = Process.Child.WaitForLine(
            l => l.Contains("worker-started index=", StringComparison.Ordinal) && !InitialWorkers.Any(pid => l.EndsWith($"pid={pid}", StringComparison.Ordinal)),
            TestTimeouts.Operation);
        var pid = int.Parse(line[(line.LastIndexOf("pid=", StringComparison.Ordinal) + 4)..], CultureInfo.InvariantCulture);
        _seenWorkers.Remember([pid]);
        return pid;
    }

    /// <summary>How many hand-offs the server process has counted as lost, from the pool's shared counters.</summary>
    public long LostHandoffs()
    {
        var fields = Process.Get("/status").Text.Trim().Split(' ').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        return long.Parse(fields["lost"], CultureInfo.InvariantCulture);
    }

    /// <summary>Stops the server, kills any worker it was seen with that is still running, and removes the arm file.</summary>
    public void Dispose()
    {
        Process.Dispose();
        _seenWorkers.KillAll();
        File.Delete(_armFile);
        File.Delete(_armFile + ".claimed");
    }
}
