using PooledMixIn.Sockets.Http;

namespace PooledMixIn.Demo;

/// <summary>
/// The seed's demo handler on a pool: it tells the scoreboard which path each thread serves, and answers
/// <c>GET /server-status</c> (HTML, or JSON with <c>?format=json</c>) from any worker.
/// </summary>
/// <param name="statusPage">The pool's status page.</param>
internal sealed class PoolDemoRequestHandler(ServerStatusPage statusPage) : DemoRequestHandler
{
    #region status-demo-do-get
    protected override void DoGet()
    {
        PoolThread.ReportPath(Path); // the path only: the status page never shows a query
        if (!statusPage.TryServe(this))
        {
            base.DoGet();
        }
    }
    #endregion
}
