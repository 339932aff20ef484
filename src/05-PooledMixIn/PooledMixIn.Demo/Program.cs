// Layer 5 sample: the seed's demo (demos/demo.py), served by a pool of processes x threads.
//   dotnet run --project src/05-PooledMixIn/PooledMixIn.Demo -- [--processes N] [--threads M]
//       [--strategy handoff|shared-accept|accept-lock|epoll-exclusive|reuseport] [--batch yes|no] [--host 127.0.0.1] [--port 8888]
//       [--max-processes M --min-spare-threads A --max-spare-threads B] [--max-requests N [--max-requests-jitter J]]
//       [--hang-timeout 5s]
//       [--connections thread|event] [--defer-accept SECONDS] [--pid-file PATH]
//   --connections thread (default): a thread holds its connection; event: connections wait in a poller until their
//   request head has arrived, and only then take a thread. --defer-accept: TCP_DEFER_ACCEPT on the listening socket.
//   --batch no (default): the seed's hand-off exactly, one token per turn; yes: one token per queued connection
//   --max-processes: grow from --processes up to M workers by idle threads (Apache's MinSpareThreads/MaxSpareThreads)
//   --max-requests: recycle a worker after N requests (gunicorn's max_requests, with its jitter)
//   --hang-timeout: recycle the worker of a thread busy that long with one request (5s, 500ms); a client that is
//   slow to send, or idle between kept-alive requests, is not a hang
//   curl http://127.0.0.1:8888/server-status[?format=json] -> the scoreboard, from whichever worker answers
//   curl http://127.0.0.1:8888/test      -> PPID=[<server pid>] PID=[<worker pid>] thread=[pool-<worker>.<thread>] uri=[/test] from [127.0.0.1]
//   curl http://127.0.0.1:8888/shutdown  -> answers, then the whole pool stops
//   --pid-file: the server process's pid, written once the pool serves (PATH.oldbin during an upgrade, as nginx does)
//   kill -TERM|-INT|-HUP <server pid>     -> graceful stop, quick stop, graceful reload (the library's own handlers)
//   kill -TTIN|-TTOU <server pid>         -> one worker more, one fewer
//   kill -USR2 <server pid>               -> upgrade: the program on disk starts as a new server sharing the socket;
//                                            then kill -TERM $(cat PATH.oldbin) stops the old one
using System.Net;
using System.Runtime.Versioning;
using PooledMixIn;
using PooledMixIn.Demo;
using PooledMixIn.Preforking;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Demo;
using PooledMixIn.Sockets.Http;

[assembly: SupportedOSPlatform("linux")]

DemoCommandLine commandLine;
PooledProcessMixIn pool;
try
{
    commandLine = DemoCommandLine.Parse(
        args, "processes", "threads", "strategy", "batch", "max-processes", "min-spare-threads", "max-spare-threads",
        "max-requests", "max-requests-jitter", "hang-timeout", "connections", "defer-accept", "pid-file");
    pool = CreatePool(commandLine);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

#region seed-example
// Runs in the server process and again in every worker, which adopts the listening socket and the pool's shared
// memory instead of creating them.
var statusPage = new ServerStatusPage(pool);
using var server = new HttpServer(new IPEndPoint(commandLine.Host, commandLine.Port), () => new PoolDemoRequestHandler(statusPage), pool);
if (!WorkerProcess.IsWorker)
{
    Console.WriteLine($"listening on {server.ServerUrl} ({pool.ProcessCount} processes x {pool.ThreadCount} threads, " +
        $"{pool.Strategy}{(pool.Strategy == AcceptStrategy.Handoff && pool.BatchHandoffs ? ", batched" : "")}, " +
        $"connections: {pool.Connections}; server pid {Environment.ProcessId})");
}

server.ServeForever();
#endregion

if (!WorkerProcess.IsWorker)
{
    var status = pool.Status;
    Console.WriteLine(status is null
        ? "server stopped"
        : $"server stopped: {status.Accepted} accepted, {status.Completed} completed, {status.Failed} failed, {status.LostHandoffs} lost hand-offs");
}

return 0;

static PooledProcessMixIn CreatePool(DemoCommandLine commandLine)
{
    var strategy = (commandLine.Get("strategy") ?? "handoff") switch
    {
        "handoff" => AcceptStrategy.Handoff,
        "shared-accept" => AcceptStrategy.SharedAccept,
        "accept-lock" => AcceptStrategy.AcceptLock,
        "epoll-exclusive" => AcceptStrategy.EpollExclusive,
        "reuseport" => AcceptStrategy.ReusePort,
        var other => throw new ArgumentException($"--strategy must be handoff, shared-accept, accept-lock, epoll-exclusive or reuseport, not '{other}'."),
    };
    #region seed-settings
    // The seed's _process_n and _thread_n: by default one process per core (at least two) and the seed's 64 threads.
    var processes = commandLine.GetInt("processes", Math.Max(2, Environment.ProcessorCount), 1, 1024);
    return new PooledProcessMixIn
    {
        ProcessCount = processes,
        ThreadCount = commandLine.GetInt("threads", PooledProcessMixIn.DefaultThreadCount, 1, 10_000),
        #endregion
        MaxProcessCount = commandLine.GetInt("max-processes", processes, processes, 1024),
        MinSpareThreads = commandLine.Get("min-spare-threads") is null ? null : commandLine.GetInt("min-spare-threads", 0, 0, 1_000_000),
        MaxSpareThreads = commandLine.Get("max-spare-threads") is null ? null : commandLine.GetInt("max-spare-threads", 0, 0, 1_000_000),
        MaxRequests = commandLine.GetInt("max-requests", 0, 0, int.MaxValue),
        MaxRequestsJitter = commandLine.GetInt("max-requests-jitter", 0, 0, int.MaxValue),
        HangTimeout = commandLine.Get("hang-timeout") is { } hang ? ParseDuration("hang-timeout", hang) : null,
        Strategy = strategy,
        BatchHandoffs = (commandLine.Get("batch") ?? "no") switch
        {
            "yes" => true,
            "no" => false,
            var other => throw new ArgumentException($"--batch must be yes or no, not '{other}'."),
        },
        Connections = (commandLine.Get("connections") ?? "thread") switch
        {
            "thread" => ConnectionMode.Thread,
            "event" => ConnectionMode.Event,
            var other => throw new ArgumentException($"--connections must be thread or event, not '{other}'."),
        },
        DeferAcceptTimeout = commandLine.Get("defer-accept") is null
            ? null
            : TimeSpan.FromSeconds(commandLine.GetInt("defer-accept", 0, 1, 3600)),
        PidFile = commandLine.Get("pid-file"),
    };
}

static TimeSpan ParseDuration(string option, string text)
{
    var (digits, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
        : text.EndsWith('s') ? (text[..^1], 1000.0)
        : (text, 1000.0);
    return double.TryParse(digits, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
        ? TimeSpan.FromMilliseconds(value * unit)
        : throw new ArgumentException($"--{option} must be a duration such as 5s or 500ms, not '{text}'.");
}
