// Layer 2 sample: the layer-1 demo, served with a thread mix-in.
//   dotnet run --project src/02-Threading/PooledMixIn.Threading.Demo -- [--mixin threading|prethreaded|turn-taking]
//       [--threads N] [--host 127.0.0.1] [--port 8888]
//   threading:   a new thread per connection; --threads bounds how many run at once (default: no bound)
//   prethreaded: N threads started once (default 64, the seed's); the serve loop accepts and hands over
//   turn-taking: N threads started once; each takes a turn to accept, then serves what it accepted
//   curl http://127.0.0.1:8888/test      -> PPID=[..] PID=[..] thread=[request-1] uri=[/test] from [127.0.0.1]
//   curl http://127.0.0.1:8888/shutdown  -> answers, then the server stops
using System.Net;
using System.Runtime.InteropServices;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Demo;
using PooledMixIn.Sockets.Http;
using PooledMixIn.Threading;

DemoCommandLine commandLine;
ThreadedMixIn mixIn;
string description;
try
{
    commandLine = DemoCommandLine.Parse(args, "mixin", "threads");
    (mixIn, description) = CreateMixIn(commandLine);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

return Serve(commandLine, mixIn, description);

static (ThreadedMixIn MixIn, string Description) CreateMixIn(DemoCommandLine commandLine)
{
    #region demo-choose-mixin
    switch (commandLine.Get("mixin") ?? "threading")
    {
        case "threading":
            var maxThreads = commandLine.GetInt("threads", 0, 0, 100_000);
            return (new ThreadingMixIn { MaxThreads = maxThreads == 0 ? null : maxThreads },
                maxThreads == 0 ? "threading, no thread limit" : $"threading, at most {maxThreads} threads");
        case "prethreaded":
            var threadCount = commandLine.GetInt("threads", PrethreadedMixIn.DefaultThreadCount, 1, 10_000);
            return (new PrethreadedMixIn { ThreadCount = threadCount }, $"prethreaded, {threadCount} threads");
        case "turn-taking":
            var poolSize = commandLine.GetInt("threads", TurnTakingMixIn.DefaultThreadCount, 1, 10_000);
            return (new TurnTakingMixIn { ThreadCount = poolSize }, $"turn-taking, {poolSize} threads");
        default:
            throw new ArgumentException(
                $"--mixin must be 'threading', 'prethreaded' or 'turn-taking', not '{commandLine.Get("mixin")}'.");
    }
    #endregion
}

static int Serve(DemoCommandLine commandLine, ThreadedMixIn mixIn, string description)
{
    // The only difference from layer 1's demo: the third argument.
    using var server = new HttpServer(
        new IPEndPoint(commandLine.Host, commandLine.Port),
        () => new DemoRequestHandler(),
        mixIn);

    // Ctrl+C and SIGTERM stop the loop the same way GET /shutdown does.
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOnSignal);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOnSignal);

    Console.WriteLine($"listening on {server.ServerUrl} ({description}; pid {Environment.ProcessId})");
    server.ServeForever();
    server.Dispose(); // joins the request threads still answering, so the counters below are final
    Console.WriteLine($"server stopped ({mixIn.Counters})");
    return 0;

    void StopOnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        ThreadPool.QueueUserWorkItem(_ => server.Shutdown());
    }
}
