// The server layer 3's tests start. Options as the layer 3 demo (--mixin, --processes, --threads, --port), plus:
//   --max-children N       ForkingMixIn.MaxChildren
//   --fail-in-worker yes   a worker exits with code 3 at start, to test start-up failure reports
//   --spawn-unrelated yes  after the pool starts, the server starts `sleep 60` and prints its pid, to test that
//                          no descriptor of the server leaks into processes that are not its workers
//   --worker-env N=V,...   PreforkingMixIn.WorkerEnvironment[N] = V for each pair ("N=" removes N from the workers')
using System.Diagnostics;
using System.Net;
using PooledMixIn.Preforking;
using PooledMixIn.TestSupport;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Demo;
using PooledMixIn.Sockets.Http;
using PooledMixIn.Threading;

var commandLine = DemoCommandLine.Parse(args, "mixin", "processes", "threads", "max-children", "fail-in-worker", "spawn-unrelated", "worker-env");
if (WorkerProcess.IsWorker && commandLine.Get("fail-in-worker") == "yes")
{
    Console.Error.WriteLine("failing at start on purpose");
    return 3;
}

var threads = commandLine.GetInt("threads", 0, 0, 1000);
ServerMixIn mixIn = commandLine.Get("mixin") switch
{
    "forking" => new ForkingMixIn { MaxChildren = commandLine.GetInt("max-children", 40, 1, 1000) },
    _ => new PreforkingMixIn
    {
        ProcessCount = commandLine.GetInt("processes", 2, 1, 64),
        WorkerMixIn = threads == 0 ? null : () => new PrethreadedMixIn { ThreadCount = threads },
        GracefulStopTimeout = TimeSpan.FromSeconds(15),
    },
};
if (mixIn is PreforkingMixIn { } withEnvironment && commandLine.Get("worker-env") is { } variables)
{
    foreach (var pair in variables.Split(',').Select(v => v.Split('=', 2)))
    {
        withEnvironment.WorkerEnvironment[pair[0]] = pair[1].Length == 0 ? null : pair[1];
    }
}

using var server = new HttpServer(new IPEndPoint(IPAddress.Loopback, commandLine.Port), () => new TestRequestHandler(), mixIn);
if (WorkerProcess.IsWorker)
{
    return TestServerProcess.ServeAsWorker(server, WorkerProcess.Index);
}

using var sigterm = TestServerProcess.AnnounceAndStopOnSigterm(server);
if (mixIn is PreforkingMixIn preforking)
{
    try
    {
        preforking.StartPool();
    }
    catch (WorkerStartException exception)
    {
        Console.Error.WriteLine(exception.Message);
        return 4;
    }

    Console.WriteLine($"pool-ready pids={string.Join(',', preforking.WorkerProcessIds)}");
}

using var unrelated = commandLine.Get("spawn-unrelated") == "yes" ? Process.Start("sleep", "60") : null;
if (unrelated is not null)
{
    Console.WriteLine($"unrelated-pid={unrelated.Id}");
}

server.ServeForever(TestServerProcess.PollInterval);
unrelated?.Kill();
Console.WriteLine("server stopped");
return 0;
