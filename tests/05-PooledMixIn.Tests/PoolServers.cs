using System.Collections.Concurrent;

namespace PooledMixIn.Tests;

/// <summary>
/// Pooled servers shared by every case of a property, one per shape (processes, threads, strategy), each started
/// on first use and all stopped at the end: starting a pool per case would spend the test's time on start-up.
/// </summary>
public sealed class PoolServers : IDisposable
{
    // A property's servers live as long as the property runs, which on a loaded machine is longer than the default
    // safety net of a test server.
    private static readonly TimeSpan s_lifetime = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<(int, int, string), Lazy<PoolServer>> _servers = new();

    internal PoolServer For(int processes, int threads, string strategy) =>
        _servers.GetOrAdd((processes, threads, strategy), key => new(() => key.Item3 == "handoff-batched"
            ? PoolServer.Start(key.Item1, key.Item2, "handoff", s_lifetime, "--batch", "yes")
            : PoolServer.Start(key.Item1, key.Item2, key.Item3, s_lifetime))).Value;

    public void Dispose()
    {
        foreach (var server in _servers.Values.Where(s => s.IsValueCreated))
        {
            server.Value.Dispose();
        }
    }
}
