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

                // /slow?ms=0 answers at once, and the worker that handles it says so on stdout: a record kept by the
                // handlers themselves, apart from what the clients receive.
                var sent = Enumerable.Range(0, clients).Select(i => $"/slow/p/{seed}-{i}?ms=0").ToArray();
                var lines = Concurrently.Run(clients, parallelism: 16, i => server.GetDemoLine(sent[i]));
                var handled = TestServer.CountRequestsStarted(server, sent);

                return lines.Select((line, i) => line.Uri == sent[i]).All(own => own)
                        .Label("each client got the answer to its own request")
                    .And(handled.Values.All(times => times == 1)
                        .Label($"each request was handled exactly once: {string.Join(", ", handled.Where(h => h.Value != 1).Take(3))}"))
                    .And(lines.All(l => l.ParentProcessId == server.Pid && pids.Contains(l.ProcessId))
                        .Label($"every answer came from a worker of this server (pid {server.Pid}, workers {string.Join(',', pids)})"));
            });
    #endregion
}
