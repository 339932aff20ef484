using System.Globalization;
using PooledMixIn.Sockets.Http;

namespace PooledMixIn;

/// <summary>
/// Apache's <c>mod_status</c> for a pool: <c>GET /server-status</c> answers an HTML page (refreshing itself) with a
/// row per worker and a cell per thread, and <c>GET /server-status?format=json</c> the same for machines. Any worker
/// serves it, straight from the shared scoreboard. Opt-in: a handler calls <see cref="TryServe"/> first thing.
/// </summary>
/// <remarks>
/// The page shows, of each request in flight, only its path: <see cref="PoolThread.ReportPath"/> never keeps the
/// query, a header or the body, so one client cannot read another's tokens or data from it. It does show paths,
/// pids and load: expose it only where that is acceptable (Apache restricts it to local addresses for the same
/// reason), for example through <see cref="IsAllowed"/>.
/// </remarks>
/// <param name="pool">The pool whose scoreboard to show.</param>
/// <param name="path">Where the page lives. Default <c>/server-status</c>.</param>
public sealed class ServerStatusPage(PooledProcessMixIn pool, string path = ServerStatusPage.DefaultPath)
{
    /// <summary>Apache's path for the page.</summary>
    public const string DefaultPath = "/server-status";

    /// <summary>How often the HTML page reloads itself, in seconds. Default 2.</summary>
    public int RefreshSeconds { get; init; } = 2;

    /// <summary>Who may read the page; by default everyone who can reach the server.</summary>
    public Func<BaseHttpRequestHandler, bool> IsAllowed { get; init; } = _ => true;

    /// <summary>
    /// If the handler's request is for the page, answers it (403 when <see cref="IsAllowed"/> says no) and returns
    /// <see langword="true"/>; otherwise does nothing and returns <see langword="false"/>.
    /// </summary>
    /// <param name="handler">The handler of the current request, its request head read.</param>
    /// <returns>Whether the request was the page's.</returns>
    public bool TryServe(BaseHttpRequestHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var target = handler.Path;
        var query = target.IndexOf('?', StringComparison.Ordinal);
        if (!target.AsSpan(0, query >= 0 ? query : target.Length).SequenceEqual(path))
        {
            return false;
        }

        if (!IsAllowed(handler))
        {
            handler.SendError(403);
            return true;
        }

        var status = pool.Status;
        if (status is null)
        {
            handler.SendError(503, "The pool has not started");
            return true;
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var json = query >= 0 && target.AsSpan(query + 1).ToString().Split('&').Contains("format=json");
        var (contentType, body) = json
            ? ("application/json", ServerStatusJson.Render(status, now))
            : ("text/html; charset=utf-8", ServerStatusHtml.Render(status, now, RefreshSeconds));
        handler.SendResponse(200);
        handler.SendHeader("Content-Type", contentType);
        handler.SendHeader("Cache-Control", "no-store");
        handler.SendHeader("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
        handler.EndHeaders();
        handler.WFile.Write(body);
        return true;
    }
}
