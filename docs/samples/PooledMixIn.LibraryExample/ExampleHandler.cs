using System.Globalization;
using System.Text;
using System.Text.Json;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn.LibraryExample;

/// <summary>
/// The example's application: a routing table from path to handler method, answering 404 for an unknown path and
/// 405 with <c>Allow</c> for a method the path does not take. Any pool thread of any worker can answer any route:
/// the pool's status and the application's <see cref="SharedState"/> live in shared memory, not in the process that
/// happens to serve the request.
/// </summary>
/// <remarks>
/// Handlers are synchronous on purpose: each request has a pool thread of its own for as long as it runs, so
/// blocking (on a database driver, a file, a lock) costs that thread and nothing else. An <c>async</c> handler
/// would give its thread back while it waits, which only pays with an event loop to resume it: the pool's event
/// form does that for waiting clients, and <c>PooledMixIn.AspNetCore</c> runs ASP.NET Core's asynchronous pipeline,
/// with real routing, on the pool.
/// </remarks>
public sealed class ExampleHandler : BaseHttpRequestHandler
{
    private const string Json = "application/json";
    private static SharedState? s_state;

    #region routes
    private static readonly Route[] s_routes =
    [
        new("/", new Dictionary<string, Action<ExampleHandler, string>> { ["GET"] = (h, _) => h.Hello() }),
        new("/status", new Dictionary<string, Action<ExampleHandler, string>> { ["GET"] = (h, _) => h.PoolStatus() }),
        new("/visits", new Dictionary<string, Action<ExampleHandler, string>>
        {
            ["GET"] = (h, _) => h.ReadVisits(),
            ["POST"] = (h, _) => h.CountVisit(),
        }),
        new("/cache/{key}", new Dictionary<string, Action<ExampleHandler, string>>
        {
            ["GET"] = (h, key) => h.ReadCache(key),
            ["PUT"] = (h, key) => h.WriteCache(key),
            ["DELETE"] = (h, key) => h.RemoveFromCache(key),
        }),
    ];
    #endregion

    /// <inheritdoc />
    protected override void DoGet() => Route();

    /// <inheritdoc />
    protected override void DoPost() => Route();

    /// <inheritdoc />
    protected override void DoPut() => Route();

    /// <inheritdoc />
    protected override void DoDelete() => Route();

    #region route
    private void Route()
    {
        var path = Target.Path;
        foreach (var route in s_routes)
        {
            if (!route.Matches(path, out var value))
            {
                continue;
            }

            var method = Command == "HEAD" ? "GET" : Command; // HEAD is GET without the body, which the base drops
            if (route.Methods.TryGetValue(method, out var handle))
            {
                try
                {
                    handle(this, value);
                }
                catch (TimeoutException busy)
                {
                    SendError(503, busy.Message); // the shared cache's lock stayed taken
                }
            }
            else
            {
                SendResponse(405);
                SendHeader("Allow", route.Allow);
                SendHeader("Content-Length", "0");
                EndHeaders();
            }

            return;
        }

        SendError(404, $"No route for {path}.");
    }
    #endregion

    // Server.MixIn is the pool in whichever process the handler runs; its region is mapped before the first request.
    private PooledProcessMixIn Pool => (PooledProcessMixIn)Server.MixIn;

    private SharedState State => s_state ??= SharedState.Open(
        Pool.ApplicationRegion ?? throw new InvalidOperationException("The pool was made without the example's region."));

    private void Hello() => SendContent(200, $"hello from process {Environment.ProcessId}\n");

    private void PoolStatus()
    {
        #region status-page
        var text = new StringBuilder();
        if (Pool.Status is { } status)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"accepted {status.Accepted}, completed {status.Completed}, failed {status.Failed}, lost hand-offs {status.LostHandoffs}\n");
            text.Append("threads:\n");
            foreach (var (activity, count) in status.ThreadsByActivity.OrderBy(pair => pair.Key))
            {
                text.Append(CultureInfo.InvariantCulture, $"{count,4} {activity.ToString().ToLowerInvariant()}\n");
            }
        }
        #endregion

        SendContent(200, text.ToString());
    }

    #region handlers
    private void CountVisit() => SendJson(200, new VisitCount(State.CountVisit(), Environment.ProcessId), ExampleJson.Default.VisitCount);

    private void ReadVisits() => SendJson(200, new VisitCount(State.Visits, Environment.ProcessId), ExampleJson.Default.VisitCount);

    private void ReadCache(string key)
    {
        if (State.Get(key) is { } value)
        {
            SendJson(200, new CachedValue(key, value, Environment.ProcessId), ExampleJson.Default.CachedValue);
        }
        else
        {
            SendError(404, $"Nothing cached under '{key}'.");
        }
    }

    private void WriteCache(string key)
    {
        var value = Encoding.UTF8.GetString(Body.Span);
        if (Encoding.UTF8.GetByteCount(key) > CacheEntry.MaxKeyBytes || value.Length == 0 || Body.Length > CacheEntry.MaxValueBytes)
        {
            SendError(400, $"A key of at most {CacheEntry.MaxKeyBytes} bytes and a value of 1 to {CacheEntry.MaxValueBytes} bytes.");
            return;
        }

        State.Set(key, value);
        SendResponse(204);
        EndHeaders();
    }

    private void RemoveFromCache(string key)
    {
        if (State.Remove(key))
        {
            SendResponse(204);
            EndHeaders();
        }
        else
        {
            SendError(404, $"Nothing cached under '{key}'.");
        }
    }

    private void SendJson<T>(int code, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        SendContent(code, Json, JsonSerializer.SerializeToUtf8Bytes(value, type));
    #endregion
}
