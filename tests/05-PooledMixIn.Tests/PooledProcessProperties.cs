using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

public sealed class PooledProcessProperties(PoolServers servers) : IClassFixture<PoolServers>
{
    private const int ClientThreads = 16;

    /// <summary>One case: a pool shape, a strategy, how many clients, and a seed that makes each payload unique.</summary>
    public sealed record PoolCase(int Processes, int Threads, string Strategy, int Clients, int Seed);

    private static Gen<PoolCase> Cases() =>
        from processes in Gen.Choose(1, 4)
        from threads in Gen.Elements(1, 4, 16)
        from strategy in Gen.Elements("handoff", "handoff-batched", "shared-accept", "accept-lock")
        from clients in Gen.Choose(1, 300)
        from seed in Gen.Choose(0, int.MaxValue)
        select new PoolCase(processes, threads, strategy, clients, seed);

    #region property-pool-exactly-once
    /// <summary>
    /// The headline invariant: for any pool shape and strategy and any number of clients, every connection is
    /// answered exactly once, with its own payload, by a worker of this server — none lost, none duplicated, none
    /// crossed — and the pool's shared counters agree with the clients' count.
    /// </summary>
    [Property(MaxTest = 100)]
    public Property Every_connection_is_answered_exactly_once_with_its_own_payload_and_the_shared_counters_agree() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
            {
                var (processes, threads, strategy, clients, seed) = c;
                var server = servers.For(processes, threads, strategy);
                var before = server.Status();

                var answers = Concurrently.Run(clients, ClientThreads, i => (Sent: $"/p/{seed}/{i}", Line: server.Get($"/p/{seed}/{i}")));
                var after = server.Status();

                return (answers.Count == clients).Label("one answer per connection")
                    .And(answers.All(a => a.Line.Uri == a.Sent)).Label("each answer carries its own payload")
                    .And(answers.Select(a => a.Line.Uri).Distinct().Count() == clients).Label("no payload answered twice")
                    .And(answers.All(a => a.Line.ParentProcessId == server.Pid && server.Workers.Contains(a.Line.ProcessId)))
                    .Label("answered by a worker of this server")
                    .And(after.Accepted - before.Accepted == clients + 1).Label("shared accepted counter = clients + the status request")
                    .And(after.Failed == before.Failed && after.Lost == before.Lost).Label("nothing failed, no hand-off lost");
            });
    #endregion
}
