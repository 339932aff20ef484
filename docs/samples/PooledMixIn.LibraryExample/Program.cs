// The tutorial's library example: a pool of processes x threads serving a few JSON routes, with state shared by
// every worker, logging by category (plain text or JSON) and a graceful stop.
//   dotnet run --project docs/samples/PooledMixIn.LibraryExample -- [--port 8080] [--log text|json] [--access-log on|off]
//       [--worker-output as-written|prefixed]
//   curl -X POST http://127.0.0.1:8080/visits            -> {"visits":1,"pid":...}: numbered across all workers
//   curl -X PUT -d blue http://127.0.0.1:8080/cache/sky  -> stored in the shared cache; GET it from any worker
//   curl http://127.0.0.1:8080/status                    -> the pool's counters and what its threads do
//   kill -TERM <server pid>                              -> requests in flight finish, workers exit, the port is released
using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using PooledMixIn;
using PooledMixIn.LibraryExample;
using PooledMixIn.Preforking;
using PooledMixIn.Sockets;

[assembly: SupportedOSPlatform("linux")]

var port = int.Parse(Option("--port") ?? "8080", CultureInfo.InvariantCulture);

#region logging
// Each process (the server process, and every worker, which is this program started again) makes its own factory.
// Categories tell the audiences apart: here the access log can be switched off and the pool's own events stay.
using var loggerFactory = LoggerFactory.Create(logging =>
{
    logging.SetMinimumLevel(LogLevel.Information);
    if (Option("--log") == "json")
    {
        logging.AddJsonConsole(json => json.IncludeScopes = true); // one JSON object per line, workers' lines too
    }
    else
    {
        logging.AddSimpleConsole(text => (text.SingleLine, text.IncludeScopes) = (true, true));
    }

    if (Option("--access-log") == "off")
    {
        logging.AddFilter(LogCategories.Access, LogLevel.None);
    }
});
var log = loggerFactory.CreateLogger(ExampleLog.Category);

// A scope begun here flows into every thread this process starts afterwards (the pool's threads, the supervisor's),
// so each line says which process wrote it: workers' lines reach the server's output as written, without a prefix.
using var processScope = log.BeginScope("{Role} {ProcessId}", WorkerProcess.IsWorker ? "worker" : "server", Environment.ProcessId);
#endregion

#region configure
// Everything above ServeForever runs in the server process and again in every worker (.NET cannot fork). Creating
// the server is meant to run everywhere: a worker adopts the listening socket and the shared memory instead.
var pool = new PooledProcessMixIn
{
    ProcessCount = 2,                                // the seed's _process_n
    ThreadCount = 16,                                // the seed's _thread_n
    GracefulStopTimeout = TimeSpan.FromSeconds(5),   // requests in flight get this long to finish on stop
    CreateApplicationRegion = SharedState.CreateRegion, // called once, in the server process; workers inherit it
    WorkerOutput = Option("--worker-output") == "prefixed" ? WorkerOutput.Prefixed : WorkerOutput.AsWritten,
};
using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, port), () => new ExampleHandler(), pool)
{
    LoggerFactory = loggerFactory,
};
#endregion

#region parent-only
// Work that belongs to the server process alone: starting the pool now (so a worker that cannot start fails here,
// not on the first request) and the banner. The pool's server process handles TERM, INT and HUP itself.
if (!WorkerProcess.IsWorker)
{
    pool.StartPool();
    ExampleLog.Listening(log, server.ServerUrl, pool.ProcessCount, pool.ThreadCount);
}

server.ServeForever();
#endregion

if (!WorkerProcess.IsWorker)
{
    var (requests, visits) = (pool.Status?.Completed ?? 0, SharedState.Open(pool.ApplicationRegion!).Visits);
    ExampleLog.Stopped(log, requests, visits);
}

return 0;

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
