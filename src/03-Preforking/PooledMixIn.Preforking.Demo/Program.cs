// Layer 3 sample: the seed's demo, served by worker processes that share one listening socket.
//   dotnet run --project src/03-Preforking/PooledMixIn.Preforking.Demo -- [--mixin preforking|forking]
//       [--processes N] [--threads M] [--host 127.0.0.1] [--port 8888]
//   preforking: N worker processes started up front (default: one per core); each serves its connections
//               serially, or with M pre-started threads when --threads is given
//   forking:    a new process for every connection (slow on purpose: that is the lesson)
//   curl http://127.0.0.1:8888/test      -> PPID=[<server pid>] PID=[<worker pid>] thread=[..] uri=[/test] from [127.0.0.1]
//   curl http://127.0.0.1:8888/shutdown  -> answers, then the server stops its workers and exits
using System.Net;
using System.Runtime.InteropServices;
using PooledMixIn.Preforking;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Demo;
using PooledMixIn.Sockets.Http;
using PooledMixIn.Threading;

DemoCommandLine commandLine;
ServerMixIn mixIn;
string description;
try
{
    commandLine = DemoCommandLine.Parse(args, "mixin", "processes", "threads");
    (mixIn, description) = CreateMixIn(commandLine);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

#region demo-serve
// Everything up to ServeForever runs in the server process *and again in every worker*: the worker rebuilds the
// same server, but adopts the inherited listening socket instead of binding a new one.
using var server = new HttpServer(new IPEndPoint(commandLine.Host, commandLine.Port), () => new DemoRequestHandler(), mixIn);
if (WorkerProcess.IsWorker)
{
    server.ServeForever(); // returns when the server process stops this worker
    return 0;
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOnSignal);
Console.WriteLine($"listening on {server.ServerUrl} ({description}; server pid {Environment.ProcessId})");
server.ServeForever();
Console.WriteLine("server stopped");
return 0;
#endregion

void StopOnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    ThreadPool.QueueUserWorkItem(_ => server.Shutdown());
}

static (ServerMixIn MixIn, string Description) CreateMixIn(DemoCommandLine commandLine)
{
    var threads = commandLine.GetInt("threads", 0, 0, 10_000);
    switch (commandLine.Get("mixin") ?? "preforking")
    {
        case "preforking":
            var processes = commandLine.GetInt("processes", Environment.ProcessorCount, 1, 1024);
            return (new PreforkingMixIn
            {
                ProcessCount = processes,
                WorkerMixIn = threads == 0 ? null : () => new PrethreadedMixIn { ThreadCount = threads },
            }, threads == 0 ? $"preforking, {processes} processes, serial" : $"preforking, {processes} processes x {threads} threads");
        case "forking":
            return (new ForkingMixIn(), "forking, a process per connection");
        default:
            throw new ArgumentException($"--mixin must be 'preforking' or 'forking', not '{commandLine.Get("mixin")}'.");
    }
}
