using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PooledMixIn.Sockets.Tests.Conformance;

/// <summary>
/// Kestrel with the same app as <see cref="ConformanceHttpHandler"/> and the same limits, in this process, on
/// 127.0.0.1 port 0: the reference the suite compares with.
/// </summary>
internal sealed class KestrelConformanceServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelConformanceServer(WebApplication app, IPEndPoint endPoint)
    {
        _app = app;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public static async Task<KestrelConformanceServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Limits.MaxRequestBodySize = ConformanceHttpHandler.SuiteLimits.MaxBodyLength;
            options.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.Run(Serve);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new KestrelConformanceServer(app, IPEndPoint.Parse(new Uri(address).Authority));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task Serve(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        switch (request.Method)
        {
            case "GET" or "HEAD" when request.Path == ConformanceHttpHandler.UnframedPath:
                response.ContentType = "text/plain";
                await response.WriteAsync("no length").ConfigureAwait(false);
                break;
            case "GET" or "HEAD":
                var text = System.Text.Encoding.UTF8.GetBytes(request.Path + request.QueryString);
                response.ContentType = "text/plain; charset=utf-8";
                response.ContentLength = text.Length;
                await response.Body.WriteAsync(text).ConfigureAwait(false);
                break;
            case "POST":
                using (var body = new MemoryStream())
                {
                    await request.Body.CopyToAsync(body).ConfigureAwait(false);
                    response.ContentType = "application/octet-stream";
                    response.ContentLength = body.Length;
                    await response.Body.WriteAsync(body.ToArray()).ConfigureAwait(false);
                }

                break;
            case "OPTIONS":
                response.Headers.Allow = "GET, HEAD, POST, OPTIONS";
                response.ContentLength = 0;
                break;
            case "PUT" or "DELETE" or "PATCH":
                response.StatusCode = 405;
                response.Headers.Allow = "GET, HEAD, POST, OPTIONS";
                response.ContentLength = 0;
                break;
            default:
                response.StatusCode = 501;
                response.ContentLength = 0;
                break;
        }
    }
}
