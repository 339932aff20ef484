// The benchmark's reference: Kestrel serving the demo protocol of every layer.
//   dotnet tests/PooledMixIn.Benchmark.Kestrel/bin/Release/net10.0/PooledMixIn.Benchmark.Kestrel.dll --host 127.0.0.1 --port 0
// Every GET answers `PPID=[..] PID=[..] thread=[..] uri=[..] from [..]`; GET /sleep/<ms> blocks first; GET /shutdown answers and stops;
// SIGTERM and Ctrl+C stop it too (the generic host handles them), with exit code 0.
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using PooledMixIn.Benchmark.Kestrel;

if (!KestrelCommandLine.TryParse(args, out var host, out var port, out var error))
{
    Console.Error.WriteLine(error);
    return 2;
}

#region kestrel-reference
var builder = WebApplication.CreateSlimBuilder();

// Nothing is logged per request (or at all): console logging would cost more than the handler.
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(options =>
{
    options.AddServerHeader = false;
    options.Listen(host, port);
});

var app = builder.Build();
var processId = Environment.ProcessId;
var parentProcessId = NativeMethods.GetParentProcessId();

app.Run(async context =>
{
    var path = context.Request.Path.Value ?? "/";
    var client = context.Connection.RemoteIpAddress?.ToString() ?? "local";
    if (path.StartsWith("/sleep/", StringComparison.Ordinal)
        && int.TryParse(path.AsSpan("/sleep/".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sleep))
    {
        // Blocking on purpose, like the demos' slow handler: a synchronous database call in a thread-pool server.
        Thread.Sleep(Math.Min(sleep, 600_000)); // sync-ok: the workload itself, not a wait for an event
    }

    var thread = Environment.CurrentManagedThreadId.ToString(CultureInfo.InvariantCulture);
    var body = Encoding.UTF8.GetBytes($"PPID=[{parentProcessId}] PID=[{processId}] thread=[{thread}] uri=[{path}] from [{client}]\n");

    context.Response.StatusCode = 200;
    context.Response.ContentType = "text/plain; charset=utf-8";
    context.Response.ContentLength = body.Length; // no chunked framing: the same bytes on the wire as the demos
    await context.Response.Body.WriteAsync(body);

    if (path == "/shutdown")
    {
        await context.Response.CompleteAsync();
        app.Lifetime.StopApplication();
    }
});
#endregion

await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
Console.WriteLine($"listening on {address.TrimEnd('/')}/ (kestrel; pid {processId})");
await app.WaitForShutdownAsync();
Console.WriteLine("server stopped");
return 0;
