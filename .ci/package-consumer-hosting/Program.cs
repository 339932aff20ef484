using Microsoft.Extensions.Hosting;
using PooledMixIn.Hosting;
using PooledMixIn.Sockets.Http;

var builder = Host.CreateApplicationBuilder(args);
builder.UsePooledMixIn(_ => new DemoRequestHandler(), options => options.ProcessCount = 2);
using var host = builder.Build();
host.Run();
