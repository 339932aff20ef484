// The tutorial's library example: a pool of processes x threads serving a status page, with logging and a clean stop.
//   dotnet run --project docs/samples/PooledMixIn.LibraryExample -- [port]
//   curl http://127.0.0.1:8080/status     -> the pool's counters and how many threads are waiting, accepting, busy
//   kill -TERM <server pid>                -> requests in flight finish, workers exit, the port is released
//   Ctrl+C (INT)                           -> the quick stop: workers are killed at once
using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using PooledMixIn;
using PooledMixIn.LibraryExample;
using PooledMixIn.Preforking;
using PooledMixIn.Sockets;

[assembly: SupportedOSPlatform("linux")]

var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8080;

#region configure
// Everything above ServeForever runs in the server process and again in every worker (.NET cannot fork: a worker is
// this program started again). Creating the server is meant to run everywhere; a worker adopts the listening socket
// and the pool's shared memory instead of creating them.
var pool = new PooledProcessMixIn
{
    ProcessCount = 2,                                // the seed's _process_n
    ThreadCount = 16,                                // the seed's _thread_n
    GracefulStopTimeout = TimeSpan.FromSeconds(5),   // requests in flight get this long to finish on stop
};
using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, port), () => new StatusHandler(), pool);
#endregion

#region logging
// Diagnostics (a worker that died and was replaced, a lost hand-off, a handler's exception) go to the server's
// ILogger. The logger is created in every process, so each worker logs its own events with its own pid.
using var loggerFactory = LoggerFactory.Create(logging => logging
    .SetMinimumLevel(LogLevel.Information)
    .AddSimpleConsole(console => console.SingleLine = true));
server.Logger = loggerFactory.CreateLogger($"pool[{Environment.ProcessId}]");
#endregion

#region parent-only
// Work that belongs to the server process alone: starting the pool now (so a worker that cannot start fails here,
// not on the first request) and the banner. The pool's server process handles TERM, INT and HUP itself.
if (!WorkerProcess.IsWorker)
{
    pool.StartPool();
    Console.WriteLine($"listening on {server.ServerUrl} ({pool.ProcessCount} processes x {pool.ThreadCount} threads; " +
        $"server pid {Environment.ProcessId}, workers {string.Join(", ", pool.WorkerProcessIds)})");
}

server.ServeForever();
#endregion

if (!WorkerProcess.IsWorker)
{
    Console.WriteLine($"stopped after {pool.Status?.Completed ?? 0} requests");
}

return 0;
