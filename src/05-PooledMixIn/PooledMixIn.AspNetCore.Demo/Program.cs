// The ASP.NET Core sample: a minimal API served by the pool of processes x threads, or by Kestrel.
//   dotnet run --project src/05-PooledMixIn/PooledMixIn.AspNetCore.Demo -- [--server pool|kestrel]
//       [--host 127.0.0.1] [--port 8888] [--PooledProcesses:ProcessCount=2] [--PooledProcesses:ThreadCount=64]
//   (or --urls http://127.0.0.1:8888, ASPNETCORE_URLS, PooledProcesses__ThreadCount=16 ...)
//   curl http://127.0.0.1:8888/            -> Hello, World!
//   curl http://127.0.0.1:8888/json        -> {"message":"Hello, World!"}
//   curl http://127.0.0.1:8888/whoami      -> which process and thread served it
//   curl -m 1 http://127.0.0.1:8888/wait/5000  -> the client gives up after 1 s; the server logs the wait aborted
using System.Runtime.Versioning;
using System.Security.Cryptography;
using PooledMixIn.AspNetCore;
using PooledMixIn.AspNetCore.Demo;
using PooledMixIn.Preforking;

[assembly: SupportedOSPlatform("linux")]

#region sample-host
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory, // wwwroot next to the program, wherever it is started from
});
var onKestrel = string.Equals(builder.Configuration["server"], "kestrel", StringComparison.OrdinalIgnoreCase);
if (!onKestrel)
{
    // Runs in the server process and again in every worker: each builds the same host.
    builder.WebHost.UsePooledProcesses();
}

if (builder.Configuration["port"] is { } port)
{
    builder.WebHost.UseUrls($"http://{builder.Configuration["host"] ?? "127.0.0.1"}:{port}");
}

builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, DemoJsonContext.Default));
builder.Services.AddSingleton<WorkerStartup>();
builder.Services.AddHostedService(services => services.GetRequiredService<WorkerStartup>());
var app = builder.Build();
#endregion

#region sample-endpoints
app.UseStaticFiles();
app.MapGet("/", () => "Hello, World!");
app.MapGet("/json", () => new Greeting("Hello, World!"));
app.MapGet("/whoami", (HttpContext context, WorkerStartup startup) => new ServedBy(
    Environment.ProcessId, WorkerProcess.IsWorker, Thread.CurrentThread.Name ?? "", context.Connection.Id, startup.StartedAt is not null));
app.MapPost("/todos", (Todo todo) => Results.Created($"/todos/{todo.Id}", todo with { Done = false }));
app.MapGet("/todos/{id:int}", (int id) => id == 1 ? Results.Ok(new Todo(1, "Write the chapter", false)) : Results.NotFound());
app.MapPost("/upload", async (HttpRequest request) =>
{
    using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    var buffer = new byte[16 * 1024];
    long length = 0;
    int read;
    while ((read = await request.Body.ReadAsync(buffer)) > 0)
    {
        sha.AppendData(buffer, 0, read);
        length += read;
    }

    return new Upload(length, Convert.ToHexStringLower(sha.GetHashAndReset()));
});
app.MapPost("/form", async (HttpRequest request) =>
{
    var form = await request.ReadFormAsync();
    return string.Join('&', form.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
});
app.MapGet("/stream/{count:int}", async (int count, HttpResponse response) =>
{
    response.ContentType = "text/plain; charset=utf-8";
    for (var i = 1; i <= Math.Min(count, 1000); i++)
    {
        await response.WriteAsync($"line {i}\n");
        await response.Body.FlushAsync(); // each line leaves now: a chunk of its own
    }
});
app.MapGet("/sleep/{ms:int}", (int ms, ILogger<WorkerStartup> logger) =>
{
    DemoLog.SleepBegins(logger, ms);
    Thread.Sleep(Math.Clamp(ms, 0, 60_000)); // a synchronous call, as to a database driver without async
    return $"slept {ms} ms";
});
app.MapGet("/boom", string () => throw new InvalidOperationException("The endpoint that throws."));
app.MapGet("/wait/{ms:int}", async (int ms, ILogger<WorkerStartup> logger, CancellationToken requestAborted) =>
{
    // An asynchronous wait that the client can cut short: the token is HttpContext.RequestAborted, which fires
    // when the client closes its connection.
    DemoLog.WaitBegins(logger, ms);
    try
    {
        await Task.Delay(Math.Clamp(ms, 0, 60_000), requestAborted);
    }
    catch (OperationCanceledException)
    {
        DemoLog.WaitAborted(logger, ms);
        throw;
    }

    return $"waited {ms} ms";
});
app.MapGet("/abort", async (HttpContext context, IHostApplicationLifetime lifetime, int? thenWorkMs) =>
{
    context.Abort(); // the client's connection ends now, not when this handler returns
    if (thenWorkMs is { } ms)
    {
        // Work that goes on regardless, as a write that must finish would; only the server's stop cuts it short.
        await Task.Delay(Math.Clamp(ms, 0, 60_000), lifetime.ApplicationStopping).ContinueWith(_ => { }, TaskScheduler.Default);
    }
});
app.MapGet("/shutdown", (IHostApplicationLifetime lifetime) =>
{
    lifetime.StopApplication(); // in a worker, the pool passes this up: the whole server stops
    return "stopping";
});
#endregion

app.Lifetime.ApplicationStarted.Register(() =>
{
    if (!WorkerProcess.IsWorker)
    {
        Console.WriteLine($"listening on {app.Urls.First()}/ ({(onKestrel ? "kestrel" : "pool")}, server pid {Environment.ProcessId})");
    }
});
app.Run();
return 0;
