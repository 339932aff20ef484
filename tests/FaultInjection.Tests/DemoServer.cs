using System.Globalization;
using PooledMixIn.TestSupport;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// The layer 5 demo (src/05-PooledMixIn/PooledMixIn.Demo) as its users run it, a real server process with its real
/// worker processes, driven from outside only: its command line, its HTTP port, signals and /proc. Dispose kills the
/// server and every worker it was seen to have, with bounded waits, even when the server itself was killed first and
/// its workers were orphaned.
/// </summary>
internal sealed class DemoServer : IDisposable
{
    private static readonly string s_path = ServerProcess.HelperPath(typeof(DemoServer).Assembly, "DemoPath");

    private readonly SeenWorkers _seenWorkers = new();

    private DemoServer(ServerProcess process, int processCount)
    {
        Process = process;
        ProcessCount = processCount;
    }

    /// <summary>The server process.</summary>
    public ServerProcess Process { get; }

    /// <summary>The server process's pid.</summary>
    public int Pid => Process.Pid;

    /// <summary>How many worker processes the pool keeps.</summary>
    public int ProcessCount { get; }

    /// <summary>Everything the server and its workers wrote (stderr lines prefixed with "err: ").</summary>
    public string Transcript => Process.Child.Transcript;

    /// <summary>
    /// Starts <c>PooledMixIn.Demo --port 0 --processes P --threads T</c> and waits until all its workers run and it
    /// answers a GET.
    /// </summary>
    public static DemoServer Start(int processes, int threads, params string[] extra)
    {
        var process = ServerProcess.Start(s_path,
        [
            "--processes", processes.ToString(CultureInfo.InvariantCulture),
            "--threads", threads.ToString(CultureInfo.InvariantCulture), .. extra,
        ], lifetime: TimeSpan.FromHours(2));
        var server = new DemoServer(process, processes);
        try
        {
            process.GetDemoLine("/ready"); // the first turn of the serve loop starts the pool
            Eventually.Until(() => server.Workers().Count == processes, TestTimeouts.Operation, $"{processes} workers running");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The live worker processes (children of the server that are not zombies), remembered for cleanup.</summary>
    public IReadOnlyList<int> Workers() => _seenWorkers.LiveChildrenOf(Pid);

    /// <summary>The server and its live workers.</summary>
    public IReadOnlyList<int> Tree() => [Pid, .. Workers()];

    /// <summary>Sends a GET and parses its demo line; throws if the answer is anything else.</summary>
    public DemoLine Get(string path) => Process.GetDemoLine(path);

    /// <summary>
    /// Stops the server as its users do, with SIGTERM, and returns its exit code: the workers stop gracefully too, and
    /// every process writes its coverage hits on the way out.
    /// </summary>
    public int Terminate() => Process.Terminate();

    /// <summary>Kills the server and every worker it was seen with, and waits (bounded) until they are gone.</summary>
    public void Dispose()
    {
        Process.Dispose();
        _seenWorkers.KillAll();
    }
}
