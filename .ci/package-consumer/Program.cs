using System.Net;
using System.Runtime.Versioning;
using PooledMixIn;
using PooledMixIn.Preforking;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Http;

[assembly: SupportedOSPlatform("linux")]

var port = args.Length > 0 ? int.Parse(args[0]) : 8888;
using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, port), () => new DemoRequestHandler(),
    new PooledProcessMixIn { ProcessCount = 2, ThreadCount = 64 });
if (!WorkerProcess.IsWorker)
{
    Console.WriteLine($"listening on {server.ServerUrl}");
}

server.ServeForever();
