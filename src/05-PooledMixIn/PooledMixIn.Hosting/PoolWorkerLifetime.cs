using Microsoft.Extensions.Hosting;

namespace PooledMixIn.Hosting;

/// <summary>
/// The host lifetime of a worker process. The console lifetime would stop a worker's host on Ctrl+C, which reaches
/// the whole process group, and on SIGTERM; here the server process alone decides: it stops the pool, the worker's
/// server returns from <c>ServeForever</c>, and the hosted service then stops the worker's host.
/// </summary>
internal sealed class PoolWorkerLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
