// Layer 1 sample: the seed's demo, served by a serial HTTP server.
//   dotnet run --project src/01-Sockets/PooledMixIn.Sockets.Demo -- [--host 127.0.0.1] [--port 8888]
//   curl http://127.0.0.1:8888/test      -> PPID=[..] PID=[..] thread=[..] uri=[/test] from [127.0.0.1]
//   curl http://127.0.0.1:8888/shutdown  -> answers, then the server stops
using System.Net;
using System.Runtime.InteropServices;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Demo;
using PooledMixIn.Sockets.Http;

DemoCommandLine commandLine;
try
{
    commandLine = DemoCommandLine.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

#region demo-main
using var server = new HttpServer(
    new IPEndPoint(commandLine.Host, commandLine.Port),
    () => new DemoRequestHandler());

// Ctrl+C and SIGTERM stop the loop the same way GET /shutdown does.
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOnSignal);

Console.WriteLine($"listening on {server.ServerUrl} (serial; pid {Environment.ProcessId})");
server.ServeForever();
Console.WriteLine("server stopped");
return 0;

void StopOnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    ThreadPool.QueueUserWorkItem(_ => server.Shutdown());
}
#endregion
