using System.Globalization;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>A pooled test server (tests/05-PooledMixIn.TestServer) running as a real process, with its pool's pids.</summary>
internal sealed class PoolServer : IDisposable
{
    private static readonly string s_path = ServerProcess.HelperPath(typeof(PoolServer).Assembly, "TestServerPath");

    private PoolServer(ServerProcess process, int[] workers)
    {
        Process = process;
        Workers = workers;
    }

    public ServerProcess Process { get; }

    public int[] Workers { get; }

    public int Pid => Process.Pid;

    public static PoolServer Start(int processes, int threads, string strategy = "handoff", params string[] extra) =>
        Start(processes, threads, strategy, lifetime: null, extra);

    /// <summary>Starts a server that its safety net kills after <paramref name="lifetime"/> (by default two minutes).</summary>
    public static PoolServer Start(int processes, int threads, string strategy, TimeSpan? lifetime, params string[] extra)
    {
        var process = ServerProcess.Start(s_path,
        [
            "--processes", processes.ToString(CultureInfo.InvariantCulture),
            "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--strategy", strategy, .. extra,
        ], lifetime);
        try
        {
            var line = process.Child.WaitForLine(l => l.StartsWith("pool-ready pids=", StringComparison.Ordinal), TestTimeouts.Operation);
            return new PoolServer(process, [.. line["pool-ready pids=".Length..].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))]);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public DemoLine Get(string path) => Process.GetDemoLine(path);

    /// <summary>The pool's shared counters, as a worker reads them from the shared memory region.</summary>
    public (long Accepted, long Completed, long Failed, long Lost) Status()
    {
        var fields = StatusFields();
        return (Number(fields["accepted"]), Number(fields["completed"]), Number(fields["failed"]), Number(fields["lost"]));
    }

    /// <summary>The pids of the scoreboard's rows that hold a connection, one per such pool thread.</summary>
    public IReadOnlyList<int> BusyThreadPids() =>
        [.. StatusFields()["busy-pids"].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(pid => (int)Number(pid))];

    /// <summary>
    /// Reads the handlers' own record (<c>served pid=P uri=U</c>, forwarded by the server process) of the requests
    /// whose path starts with <paramref name="pathPrefix"/>: waits until <paramref name="expected"/> have arrived
    /// (at most <see cref="TestTimeouts.Operation"/> in all), then takes whatever else has already arrived, so that a
    /// request served twice shows up twice.
    /// </summary>
    public IReadOnlyList<(int Pid, string Uri)> ReadServedRecords(string pathPrefix, int expected)
    {
        var records = new List<(int, string)>();
        var deadline = DateTime.UtcNow + TestTimeouts.Operation;
        while (true)
        {
            var left = records.Count < expected ? deadline - DateTime.UtcNow : TimeSpan.Zero;
            if (!Process.Child.TryReadLine(left > TimeSpan.Zero ? left : TimeSpan.Zero, out var line))
            {
                return records;
            }

            var at = line.IndexOf("served pid=", StringComparison.Ordinal);
            var uri = line.IndexOf(" uri=", StringComparison.Ordinal);
            if (at >= 0 && uri > at && line.AsSpan(uri + 5).StartsWith(pathPrefix, StringComparison.Ordinal))
            {
                records.Add(((int)Number(line[(at + 11)..uri]), line[(uri + 5)..]));
            }
        }
    }

    public void Dispose() => Process.Dispose();

    private static long Number(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private Dictionary<string, string> StatusFields() =>
        Process.Get("/status").Text.Trim().Split(' ').Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
}
