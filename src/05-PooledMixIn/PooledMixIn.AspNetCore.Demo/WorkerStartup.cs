namespace PooledMixIn.AspNetCore.Demo;

/// <summary>A hosted service: each worker runs its own host, so each process starts its own.</summary>
internal sealed class WorkerStartup : IHostedService
{
    public DateTimeOffset? StartedAt { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        StartedAt = DateTimeOffset.UtcNow;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
