using PooledMixIn.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UsePooledProcesses(options => { options.ProcessCount = 2; options.ThreadCount = 64; });
var app = builder.Build();
app.MapGet("/", () => "Hello");
app.Run();
