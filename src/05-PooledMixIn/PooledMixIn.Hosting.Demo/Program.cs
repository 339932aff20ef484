// The generic host sample: the seed's demo served by the pool as a hosted service.
//   dotnet run --project src/05-PooledMixIn/PooledMixIn.Hosting.Demo -- [--host 127.0.0.1] [--port 8888]
//       [--processes N] [--threads M] [--pid-file PATH]
// The options are the PooledMixIn configuration section's: appsettings.json, PooledMixIn__ThreadCount=32 in the
// environment, --PooledMixIn:ThreadCount=32, or the demo contract's switches above. Under systemd (Type=notify), the
// host says READY=1 once the pool serves and STOPPING=1 on SIGTERM, and logs to the journal.
//   kill -TERM <server pid>        -> the host stops; the pool drains gracefully
//   kill -HUP|-TTIN|-TTOU|-USR2    -> reload, one worker more, one fewer, upgrade (as without a host)
using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PooledMixIn.Hosting;
using PooledMixIn.Hosting.Demo;
using PooledMixIn.Sockets.Http;

[assembly: SupportedOSPlatform("linux")]

#region hosting-example
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddCommandLine(args, DemoSwitches.Mappings);
builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
builder.Services.AddSystemd();
builder.Services.AddHostedService<HeartbeatService>(); // the app's own background work: the server process runs it, once
builder.UsePooledMixIn(_ => new DemoRequestHandler());
using var host = builder.Build();
host.Run();
#endregion
