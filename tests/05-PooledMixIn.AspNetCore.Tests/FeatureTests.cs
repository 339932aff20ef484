using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using PooledMixIn.Sockets;
using PooledMixIn.Sockets.Http;
using PooledMixIn.TestSupport;

namespace PooledMixIn.AspNetCore.Tests;

/// <summary>
/// The features a request's <c>HttpContext</c> is made of, driven in this process: layer 1's serial server with the
/// pool's request handler, and a small app whose behaviour each test chooses and whose observations it reads
/// directly. What the pool adds around them (processes, the hand-off) is the other tests' business.
/// </summary>
public sealed class FeatureTests
{
    [Fact]
    public void OnStarting_callbacks_run_last_registered_first_and_may_still_change_status_and_headers()
    {
        var response = Exchange(async context =>
        {
            context.Response.OnStarting(() => Append(context, "registered-first"));
            context.Response.OnStarting(() =>
            {
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                return Append(context, "registered-second");
            });
            context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = "Taken";
            context.Response.ContentLength = 2;
            await context.Response.WriteAsync("ok");
        });

        (response.StatusCode, response.Header("X-Order"), response.Text).Should().Be((202, "registered-second,registered-first", "ok"));
    }

    [Fact]
    public void Once_the_response_started_its_head_and_callbacks_are_fixed()
    {
        var refused = new List<string>();
        Exchange(async context =>
        {
            await context.Response.StartAsync();
            Try(refused, "status", () => context.Response.StatusCode = 404);
            Try(refused, "reason", () => context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = "No");
            Try(refused, "on-starting", () => context.Response.OnStarting(() => Task.CompletedTask));
            Try(refused, "header", () => context.Response.Headers["X-Late"] = "1");
        });

        refused.Should().Equal("status", "reason", "on-starting", "header");
    }

    [Fact]
    public void A_body_written_to_a_204_is_refused()
    {
        Exception? refused = null;
        var noContent = Exchange(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            // Through the stream, which writes through; a PipeWriter would keep the bytes and fail again at completion.
            refused = await Record(() => context.Response.Body.WriteAsync("x"u8.ToArray()).AsTask());
        });

        refused.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("204");
        noContent.StatusCode.Should().Be(204);
    }

    [Fact]
    public void A_response_completed_unwritten_has_an_empty_body_of_declared_length()
    {
        var empty = Exchange(_ => Task.CompletedTask);

        (empty.StatusCode, empty.Header("Content-Length")).Should().Be((200, "0"));
    }

    [Fact]
    public void OnCompleted_callbacks_run_last_registered_first_and_a_failing_one_does_not_stop_the_others()
    {
        var order = new List<string>();
        Exchange(context =>
        {
            context.Response.OnCompleted(() => Add(order, "registered-first"));
            context.Response.OnCompleted(() => throw new InvalidOperationException("a failing callback"));
            context.Response.OnCompleted(() => Add(order, "registered-last"));
            return Task.CompletedTask;
        });

        Eventually.Until(() => Count(order) == 2, TestTimeouts.Operation, "both healthy callbacks ran");
        order.Should().Equal("registered-last", "registered-first");
    }

    [Fact]
    public void A_response_shorter_than_its_Content_Length_is_reset_so_the_client_cannot_take_it_for_whole()
    {
        using var server = Serve(async context =>
        {
            context.Response.ContentLength = 100;
            await context.Response.WriteAsync("only this");
        });
        using var client = RawHttpClient.Connect(server.Server.ServerAddress);
        client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");

        FluentActions.Invoking(client.ReadResponse).Should().Throw<IOException>("the body stops short of its length and the connection is reset");
    }

    [Fact]
    public void The_servers_own_features_say_what_they_allow()
    {
        var seen = new Dictionary<string, object?>();
        Exchange(async context =>
        {
            var features = context.Features;
            var bodySize = features.Get<IHttpMaxRequestBodySizeFeature>()!;
            seen["max-body"] = (bodySize.IsReadOnly, bodySize.MaxRequestBodySize);
            seen["max-body-set"] = Catch(() => bodySize.MaxRequestBodySize = 1);
            seen["aborted-set"] = Catch(() => features.Get<IHttpRequestLifetimeFeature>()!.RequestAborted = default);
            seen["upgrade"] = (features.Get<IHttpUpgradeFeature>()!.IsUpgradableRequest, await Record(features.Get<IHttpUpgradeFeature>()!.UpgradeAsync));
#pragma warning disable CS0618 // obsolete for apps, but still there: the server must refuse it, not ignore it
            seen["body-set"] = Catch(() => features.Get<IHttpResponseFeature>()!.Body = Stream.Null);
#pragma warning restore CS0618
            context.TraceIdentifier = "chosen-by-the-app";
            seen["trace"] = context.TraceIdentifier;
            context.Features.Get<IHttpResponseBodyFeature>()!.DisableBuffering();
            context.Response.ContentLength = 4;
            await context.Response.Body.WriteAsync("done"u8.ToArray());
        });

        seen["max-body"].Should().Be((true, (long?)HttpRequestLimits.Default.MaxBodyLength));
        seen["max-body-set"].Should().BeOfType<InvalidOperationException>();
        seen["aborted-set"].Should().BeOfType<NotSupportedException>();
        seen["upgrade"].Should().BeOfType<(bool, Exception?)>().Which.Should().Match<(bool Upgradable, Exception? Failure)>(u => !u.Upgradable && u.Failure is NotSupportedException);
        seen["body-set"].Should().BeOfType<NotSupportedException>();
        seen["trace"].Should().Be("chosen-by-the-app");
    }

    private static ServingThread Serve(RequestDelegate app)
    {
        var drain = new ConnectionDrain();
        var server = new ApplicationHttpServer(new IPEndPoint(IPAddress.Loopback, 0),
            () => new ApplicationRequestHandler<HttpContext>(new DelegateApplication(app), HttpRequestLimits.Default, TestTimeouts.Operation, drain),
            new SerialMixIn());
        return new ServingThread(server);
    }

    private static TestSupport.HttpResponse Exchange(RequestDelegate app)
    {
        using var server = Serve(app);
        return RawHttpClient.Get(server.Server.ServerAddress, "/");
    }

    private static Task Append(HttpContext context, string value)
    {
        var headers = context.Response.Headers;
        headers["X-Order"] = headers.TryGetValue("X-Order", out var before) ? $"{before},{value}" : value;
        return Task.CompletedTask;
    }

    private static void Try(List<string> refused, string what, Action action)
    {
        try
        {
            action();
        }
        catch (InvalidOperationException)
        {
            refused.Add(what);
        }
    }

    private static async Task<Exception?> Record(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private static Exception? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private static Task Add(List<string> list, string item)
    {
        lock (list)
        {
            list.Add(item);
        }

        return Task.CompletedTask;
    }

    private static int Count(List<string> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    /// <summary>An app as the host would make it, minus the host: a context over the server's features, then the delegate.</summary>
    private sealed class DelegateApplication(RequestDelegate app) : IHttpApplication<HttpContext>
    {
        public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

        public Task ProcessRequestAsync(HttpContext context) => app(context);

        public void DisposeContext(HttpContext context, Exception? exception)
        {
        }
    }
}
