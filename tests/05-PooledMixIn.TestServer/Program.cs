// The server layer 5's tests start: a PooledProcessMixIn HTTP server with the test handler.
//   --processes N --threads M --strategy handoff|shared-accept|accept-lock [--handoff-timeout-ms T] [--batch yes]
// Prints "listening on URL pid=P", then "pool-ready pids=..." once every worker is ready; workers print
// "worker-started index=I pid=P". GET /status answers the pool's shared counters, and the pids of the scoreboard's
// busy rows, from whichever worker serves it. With --busy-thread-pool yes the server process keeps its .NET thread
// pool saturated once the pool is ready, as a busy application would; on exit it prints what its supervisor saw.
// With --crash-workers-while FILE, a worker that starts while FILE exists exits at once with code 3: a crash loop.
using System.Net;
using System.Runtime.Versioning;
using PooledMixIn;
using PooledMixIn.Preforking;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Demo;
using PooledMixIn.TestSupport;

[assembly: SupportedOSPlatform("linux")]

var commandLine = DemoCommandLine.Parse(args, "processes", "threads", "strategy", "handoff-timeout-ms", "batch", "busy-thread-pool", "crash-workers-while");
var pool = new PooledProcessMixIn
{
    ProcessCount = commandLine.GetInt("processes", 2, 1, 64),
    ThreadCount = commandLine.GetInt("threads", 4, 1, 1000),
    Strategy = (commandLine.Get("strategy") ?? "handoff") switch
    {
        "shared-accept" => AcceptStrategy.SharedAccept,
        "accept-lock" => AcceptStrategy.AcceptLock,
        _ => AcceptStrategy.Handoff,
    },
    HandoffTimeout = TimeSpan.FromMilliseconds(commandLine.GetInt("handoff-timeout-ms", 2000, 1, 60_000)),
    GracefulStopTimeout = TimeSpan.FromSeconds(15),
    BatchHandoffs = commandLine.Get("batch") == "yes",
};
TestRequestHandler.StatusProvider = () => pool.Status is { } s
    ? $"accepted={s.Accepted} completed={s.Completed} failed={s.Failed} lost={s.LostHandoffs} busy-pids=" +
      string.Join(',', s.Threads.Where(t => t.Activity == (int)ThreadActivity.Busy).Select(t => t.ProcessId))
    : "no pool";

using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, commandLine.Port), () => new TestRequestHandler(), pool);
if (WorkerProcess.IsWorker)
{
    if (commandLine.Get("crash-workers-while") is { } crashFile && File.Exists(crashFile))
    {
        return 3;
    }

    return TestServerProcess.ServeAsWorker(server, WorkerProcess.Index);
}

using var sigterm = TestServerProcess.AnnounceAndStopOnSigterm(server);
pool.StartPool();
Console.WriteLine($"pool-ready pids={string.Join(',', pool.WorkerProcessIds)}");
using var busy = commandLine.Get("busy-thread-pool") == "yes" ? BusyThreadPool.Start() : null;
server.ServeForever(TestServerProcess.PollInterval);
Console.WriteLine($"server stopped {TestRequestHandler.StatusProvider()}");
Console.WriteLine($"supervisor workers-started={pool.WorkersStarted} unexpected-exits={pool.UnexpectedExits}");
return 0;
