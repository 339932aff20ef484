using System.Collections.Concurrent;
using System.Diagnostics;
using PooledMixIn.TestSupport;
using Xunit.Abstractions;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// Thousands of connections that send anything but a valid request: random bytes, heads cut short, headers and
/// request lines over the limits, lying Content-Lengths, control bytes. Every one must get a well-formed answer or a
/// close, no worker may die of them, and a legitimate client must be served all along.
/// </summary>
[Trait(FaultCategory.Name, FaultCategory.Value)]
public sealed class GarbageFloodTests(ITestOutputHelper output)
{
    private const int FloodParallelism = 24;
    private const int ChunkSize = 250;
    private static readonly TimeSpan s_timeLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public void A_garbage_flood_kills_no_worker_and_legitimate_clients_are_served_throughout()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}, {FaultSettings.FloodConnections} connections");
        using var server = DemoServer.Start(processes: 2, threads: 32);
        var workers = server.Workers();
        var malformed = new ConcurrentQueue<string>();
        var kinds = new ConcurrentDictionary<string, int>();

        using var legitimate = LegitimateClient.Start(server);
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (sent < FaultSettings.FloodConnections && clock.Elapsed < s_timeLimit)
        {
            var count = Math.Min(ChunkSize, FaultSettings.FloodConnections - sent);
            var first = sent;
            Concurrently.Run(count, FloodParallelism, i =>
            {
                var random = new Random(seed + first + i);
                var (name, make) = Garbage.Kinds[random.Next(Garbage.Kinds.Count)];
                var outcome = RawExchange.Send(server.Process.EndPoint, make(random));
                kinds.AddOrUpdate(name, 1, (_, n) => n + 1);
                if (ResponseStream.Check(outcome.Received).Problem is { } problem)
                {
                    malformed.Enqueue($"{name} (case {first + i}): {problem}");
                }

                return 0;
            });
            sent += count;
        }

        var served = legitimate.StopAndCount();
        output.WriteLine($"{sent} garbage connections in {clock.Elapsed.TotalSeconds:F1} s; {served} legitimate requests served meanwhile");
        output.WriteLine(string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}: {k.Value}")));

        malformed.Should().BeEmpty("every garbage connection gets well-formed responses or a close");
        served.Should().BePositive("the legitimate client is served while the flood runs");
        server.Workers().Should().Equal(workers, "no worker died of the garbage (none was replaced)");
        server.Transcript.Should().NotContain("Unhandled exception", "no process of the server crashed");
        server.Get("/after-the-flood").ProcessId.Should().BeOneOf(workers);
        server.Terminate().Should().Be(0, "after the fault the server still stops cleanly");
    }
}
