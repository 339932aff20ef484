// The server layer 5's tests start: a PooledProcessMixIn HTTP server with the test handler.
//   --processes N --threads M --strategy handoff|shared-accept|accept-lock|epoll-exclusive|reuseport [--handoff-timeout-ms T] [--batch yes]
// Prints "listening on URL pid=P", then "pool-ready pids=..." once every worker is ready; workers print
// "worker-started index=I pid=P". GET /status answers the pool's shared counters, and the pids of the scoreboard's
// rows that hold a connection (reading, busy or kept alive), from whichever worker serves it. With
// --busy-thread-pool yes the server process keeps its .NET thread pool saturated once the pool is ready, as a busy
// application would; on exit it prints what its supervisor saw.
// --connections thread|event chooses the form; --head-timeout-ms and --max-parked set the event form's parking;
// --defer-accept S sets TCP_DEFER_ACCEPT on the listening socket.
// With --crash-workers-while FILE, a worker that starts while FILE exists exits at once with code 3: a crash loop.
// With --hold-later-workers FILE, every worker but the first waits while FILE exists before it starts serving, so the
// server process is still starting its pool while the first worker already serves.
// With --park-at STEP --park-armed-by FILE, the first pool thread to reach STEP once FILE exists parks for ever
// (FaultPark: token-taken, before-ack, mid-request, mid-response), for the fault suite's kill -9 at each step.
// Signals are the library's own (TERM, INT, QUIT, HUP, TTIN, TTOU, USR2); --notify-socket PATH sets NOTIFY_SOCKET as
// systemd would; --pid-file PATH writes the server's pid there once the pool serves. --server-env N=V sets N in the
// server's own environment before the pool is created, as an operator's service file would.
using System.Net;
using System.Runtime.Versioning;
using PooledMixIn;
using PooledMixIn.Preforking;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Demo;
using PooledMixIn.Sockets.Http;
using PooledMixIn.TestSupport;

[assembly: SupportedOSPlatform("linux")]

var commandLine = DemoCommandLine.Parse(args, "processes", "threads", "strategy", "handoff-timeout-ms", "batch", "busy-thread-pool", "crash-workers-while", "notify-socket",
    "connections", "head-timeout-ms", "max-parked", "defer-accept", "park-at", "park-armed-by", "pid-file", "hold-later-workers", "server-env");
if (commandLine.Get("notify-socket") is { } notifySocket && !WorkerProcess.IsWorker)
{
    Environment.SetEnvironmentVariable(SystemdNotify.SocketVariable, notifySocket);
}

if (commandLine.Get("server-env") is { } serverVariable && !WorkerProcess.IsWorker)
{
    var pair = serverVariable.Split('=', 2);
    Environment.SetEnvironmentVariable(pair[0], pair[1]);
}

var limits = HttpRequestLimits.Default with
{
    RequestHeadTimeout = TimeSpan.FromMilliseconds(commandLine.GetInt("head-timeout-ms", 20_000, 1, 600_000)),
};
var pool = new PooledProcessMixIn
{
    ProcessCount = commandLine.GetInt("processes", 2, 1, 64),
    ThreadCount = commandLine.GetInt("threads", 4, 1, 1000),
    Strategy = (commandLine.Get("strategy") ?? "handoff") switch
    {
        "shared-accept" => AcceptStrategy.SharedAccept,
        "accept-lock" => AcceptStrategy.AcceptLock,
        "epoll-exclusive" => AcceptStrategy.EpollExclusive,
        "reuseport" => AcceptStrategy.ReusePort,
        _ => AcceptStrategy.Handoff,
    },
    HandoffTimeout = TimeSpan.FromMilliseconds(commandLine.GetInt("handoff-timeout-ms", 2000, 1, 60_000)),
    GracefulStopTimeout = TimeSpan.FromSeconds(15),
    BatchHandoffs = commandLine.Get("batch") == "yes",
    Connections = commandLine.Get("connections") == "event" ? ConnectionMode.Event : ConnectionMode.Thread,
    ParkingLimits = limits,
    MaxParkedConnections = commandLine.GetInt("max-parked", 1024, 1, 100_000),
    DeferAcceptTimeout = commandLine.Get("defer-accept") is null ? null : TimeSpan.FromSeconds(commandLine.GetInt("defer-accept", 1, 1, 3600)),
    PidFile = commandLine.Get("pid-file"),
};
TestRequestHandler.StatusProvider = () => pool.Status is { } s
    ? $"accepted={s.Accepted} completed={s.Completed} failed={s.Failed} lost={s.LostHandoffs} busy-pids=" +
      string.Join(',', s.Threads.Where(HoldsConnection).Select(t => t.ProcessId))
    : "no pool";

using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, commandLine.Port), () => new ParkingRequestHandler { Limits = limits }, pool);
if (WorkerProcess.IsWorker)
{
    if (commandLine.Get("crash-workers-while") is { } crashFile && File.Exists(crashFile))
    {
        return 3;
    }

    if (commandLine.Get("hold-later-workers") is { } gate && WorkerProcess.Index > 0)
    {
        while (File.Exists(gate))
        {
            Thread.Sleep(20); // sync-ok: a gate the test opens by deleting the file; this is the helper, not the test
        }
    }

    if (commandLine.Get("park-at") is { } step)
    {
        FaultPark.Arm(step, commandLine.Get("park-armed-by") ?? throw new ArgumentException("--park-at needs --park-armed-by FILE."));
    }

    return TestServerProcess.ServeAsWorker(server, WorkerProcess.Index);
}

TestServerProcess.Announce(server);
pool.StartPool();
Console.WriteLine($"pool-ready pids={string.Join(',', pool.WorkerProcessIds)}");
using var busy = commandLine.Get("busy-thread-pool") == "yes" ? BusyThreadPool.Start() : null;
server.ServeForever(TestServerProcess.PollInterval);
Console.WriteLine($"server stopped {TestRequestHandler.StatusProvider()}");
Console.WriteLine($"supervisor workers-started={pool.WorkersStarted} unexpected-exits={pool.UnexpectedExits}");
return 0;

// The test handler never reports a request's path, so a thread-holding row stays "reading" or "keepalive" while it
// serves: every state that holds a connection counts as busy here.
static bool HoldsConnection(ThreadSlot row) =>
    (ThreadActivity)row.Activity is ThreadActivity.Reading or ThreadActivity.Busy or ThreadActivity.KeepAlive;
