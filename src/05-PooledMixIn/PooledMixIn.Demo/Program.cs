// Layer 5 sample: the seed's demo (demos/demo.py), served by a pool of processes x threads.
//   dotnet run --project src/05-PooledMixIn/PooledMixIn.Demo -- [--processes N] [--threads M]
//       [--strategy handoff|shared-accept|accept-lock] [--batch yes|no] [--connections thread|event]
//       [--defer-accept SECONDS] [--host 127.0.0.1] [--port 8888]
//   --connections thread (default): a thread holds its connection; event: connections wait in a poller until their
//   request head has arrived, and only then take a thread. --defer-accept: TCP_DEFER_ACCEPT on the listening socket.
//   --batch no (default): the seed's hand-off exactly, one token per turn; yes: one token per queued connection
//   curl http://127.0.0.1:8888/test      -> PPID=[<server pid>] PID=[<worker pid>] thread=[pool-<worker>.<thread>] uri=[/test] from [127.0.0.1]
//   curl http://127.0.0.1:8888/shutdown  -> answers, then the whole pool stops
using System.Net;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using PooledMixIn;
using PooledMixIn.Preforking;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Demo;
using PooledMixIn.Sockets.Http;

[assembly: SupportedOSPlatform("linux")]

DemoCommandLine commandLine;
PooledProcessMixIn pool;
try
{
    commandLine = DemoCommandLine.Parse(args, "processes", "threads", "strategy", "batch", "connections", "defer-accept");
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
using var server = new HttpServer(new IPEndPoint(commandLine.Host, commandLine.Port), () => new DemoRequestHandler(), pool);
if (!WorkerProcess.IsWorker)
{
    Console.WriteLine($"listening on {server.ServerUrl} ({pool.ProcessCount} processes x {pool.ThreadCount} threads, " +
        $"{pool.Strategy}{(pool.Strategy == AcceptStrategy.Handoff && pool.BatchHandoffs ? ", batched" : "")}, " +
        $"connections: {pool.Connections}; server pid {Environment.ProcessId})");
}

using var sigint = WorkerProcess.IsWorker ? null : PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOnSignal);
using var sigterm = WorkerProcess.IsWorker ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOnSignal);
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

void StopOnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    ThreadPool.QueueUserWorkItem(_ => server.Shutdown());
}

static PooledProcessMixIn CreatePool(DemoCommandLine commandLine)
{
    var strategy = (commandLine.Get("strategy") ?? "handoff") switch
    {
        "handoff" => AcceptStrategy.Handoff,
        "shared-accept" => AcceptStrategy.SharedAccept,
        "accept-lock" => AcceptStrategy.AcceptLock,
        var other => throw new ArgumentException($"--strategy must be handoff, shared-accept or accept-lock, not '{other}'."),
    };
    return new PooledProcessMixIn
    {
        ProcessCount = commandLine.GetInt("processes", Math.Max(2, Environment.ProcessorCount), 1, 1024),
        ThreadCount = commandLine.GetInt("threads", PooledProcessMixIn.DefaultThreadCount, 1, 10_000),
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
    };
}
