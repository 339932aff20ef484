using System.Globalization;
using System.Text.Json;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>The layer 5 demo running as a real process, with its status page read as JSON.</summary>
internal sealed class DemoServer : IDisposable
{
    private static readonly string s_path = ServerProcess.HelperPath(typeof(DemoServer).Assembly, "DemoPath");

    private DemoServer(ServerProcess process) => Process = process;

    public ServerProcess Process { get; }

    public static DemoServer Start(int processes, int threads, params string[] options)
    {
        var process = ServerProcess.Start(s_path,
        [
            "--processes", processes.ToString(CultureInfo.InvariantCulture),
            "--threads", threads.ToString(CultureInfo.InvariantCulture), .. options,
        ]);
        try
        {
            process.GetDemoLine("/ready"); // answered once the pool serves
            return new DemoServer(process);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public DemoLine Get(string path) => Process.GetDemoLine(path);

    /// <summary>GET /server-status?format=json, parsed.</summary>
    public StatusJson Status()
    {
        var response = Process.Get("/server-status?format=json");
        response.StatusCode.Should().Be(200);
        response.Header("Content-Type").Should().Be("application/json");
        return new StatusJson(response.Text);
    }

    public void Dispose() => Process.Dispose();

    /// <summary>The status page's JSON: <c>{"accepted","completed","failed","workers":[{"pid","threads":[{"state","requests","busy_ms","path"}]}]}</c>.</summary>
    internal sealed class StatusJson(string text)
    {
        private readonly JsonElement _root = JsonDocument.Parse(text).RootElement;

        public string Text => text;

        public long Accepted => _root.GetProperty("accepted").GetInt64();

        public long Completed => _root.GetProperty("completed").GetInt64();

        public long Failed => _root.GetProperty("failed").GetInt64();

        public IReadOnlyList<(int Pid, IReadOnlyList<(string State, long Requests, long BusyMs, string Path)> Threads)> Workers =>
        [
            .. _root.GetProperty("workers").EnumerateArray().Select(w => (
                w.GetProperty("pid").GetInt32(),
                (IReadOnlyList<(string, long, long, string)>)[.. w.GetProperty("threads").EnumerateArray().Select(t => (
                    t.GetProperty("state").GetString()!, t.GetProperty("requests").GetInt64(),
                    t.GetProperty("busy_ms").GetInt64(), t.GetProperty("path").GetString()!))])),
        ];

        /// <summary>The pids of workers with at least one thread not dead: the ones that take connections or finish some.</summary>
        public IReadOnlyList<int> LivePids => [.. Workers.Where(w => w.Threads.Any(t => t.State != "dead")).Select(w => w.Pid)];

        /// <summary>The pids of workers whose every thread is idle, reading or busy: the ones taking turns.</summary>
        public IReadOnlyList<int> ServingPids => [.. Workers.Where(w => w.Threads.All(t => t.State != "dead")).Select(w => w.Pid)];
    }
}
