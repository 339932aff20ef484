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

    public static PoolServer Start(int processes, int threads, string strategy = "handoff", params string[] extra)
    {
        var process = ServerProcess.Start(s_path,
        [
            "--processes", processes.ToString(CultureInfo.InvariantCulture),
            "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--strategy", strategy, .. extra,
        ]);
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
        var fields = Process.Get("/status").Text.Split(' ').Select(f => long.Parse(f[(f.IndexOf('=', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture)).ToArray();
        return (fields[0], fields[1], fields[2], fields[3]);
    }

    public void Dispose() => Process.Dispose();
}
