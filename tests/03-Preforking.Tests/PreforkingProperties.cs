using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Preforking.Tests;

/// <summary>One pre-forked server per pool size, started on first use and shared by every case of the property.</summary>
public sealed class PreforkedServers : IDisposable
{
    private readonly ConcurrentDictionary<int, Lazy<(ServerProcess Server, int[] Workers)>> _servers = new();

    public (ServerProcess Server, int[] Workers) For(int workers) => _servers.GetOrAdd(workers, count => new(() =>
    {
        var server = TestServer.Preforking(count);
        return (server, TestServer.WaitForPool(server));
    })).Value;

    public void Dispose()
    {
        foreach (var server in _servers.Values.Where(s => s.IsValueCreated))
        {
            server.Value.Server.Dispose();
        }
    }
}

public sealed class PreforkingProperties(PreforkedServers servers) : IClassFixture<PreforkedServers>
{
    #region property-prefork-exactly-once
    [Property(MaxTest = 25)]
    public Property Every_connection_is_answered_exactly_once_with_its_own_payload_by_a_worker_of_this_server() =>
        Prop.ForAll(
            Gen.Choose(1, 4).ToArbitrary(),
            Gen.Choose(1, 200).ToArbitrary(),
            Gen.Choose(0, int.MaxValue).ToArbitrary(),
            (workers, clients, seed) =>
            {
                var (server, pids) = servers.For(workers);
                var lines = Concurrently.Run(clients, parallelism: 16, i => (Sent: $"/p/{seed}-{i}", Line: server.GetDemoLine($"/p/{seed}-{i}")));

                return lines.Count == clients
                    && lines.All(l => l.Line.Uri == l.Sent)
                    && lines.Select(l => l.Line.Uri).Distinct().Count() == clients
                    && lines.All(l => l.Line.ParentProcessId == server.Pid && pids.Contains(l.Line.ProcessId));
            });
    #endregion
}
