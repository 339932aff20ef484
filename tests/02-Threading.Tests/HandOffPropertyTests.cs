using System.Collections.Concurrent;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PooledMixIn.TestSupport;
using PooledMixIn.Threading.Tests.Support;

namespace PooledMixIn.Threading.Tests;

/// <summary>
/// The hand-off invariant, for any number of clients, any payloads and any bound: every connection gets exactly one
/// response, carrying its own payload (none lost, none duplicated, none crossed), and the mix-in's own counters say
/// the same.
/// </summary>
public sealed class HandOffPropertyTests
{
    private const int ClientParallelism = 16;

    private static readonly Arbitrary<HandOffScenario> s_scenarios =
        (from kind in Gen.Elements(MixInKind.Threading, MixInKind.Prethreaded, MixInKind.TurnTaking)
         from bound in Gen.Choose(0, 16)
         from clients in Gen.Choose(1, 200)
         from payloads in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte[]>(), clients)
         select new HandOffScenario(kind, kind == MixInKind.Threading ? bound : Math.Max(1, bound), payloads))
        .ToArbitrary();

    [Property(MaxTest = 30)]
    public Property Every_connection_gets_exactly_its_own_response_once() =>
        Prop.ForAll(s_scenarios, scenario =>
        {
            // The client number makes equal payloads distinguishable, so a crossed answer cannot go unnoticed.
            var lines = scenario.Payloads
                .Select((payload, i) => i.ToString(CultureInfo.InvariantCulture) + ":" + Convert.ToBase64String(payload))
                .ToArray();
            var handled = new ConcurrentBag<string>();
            var mixIn = TestMixIns.Create(scenario.Kind, scenario.Bound == 0 ? null : scenario.Bound);
            IReadOnlyList<LineExchange> answers;
            using (var server = new LineServer(mixIn, line =>
            {
                handled.Add(line);
                return line;
            }))
            {
                answers = Concurrently.Run(lines.Length, ClientParallelism, i => server.Exchange(lines[i]));
            }

            var counters = mixIn.Counters;
            var bound = scenario.Bound == 0 ? ClientParallelism : scenario.Bound;
            return answers.Select((answer, i) => answer.Lines.SequenceEqual([lines[i]])).All(ok => ok)
                    .Label("each client got exactly one line, its own")
                .And(handled.Order(StringComparer.Ordinal).SequenceEqual(lines.Order(StringComparer.Ordinal))
                    .Label("each request was handled exactly once"))
                .And((counters.Accepted == lines.Length && counters.Completed == lines.Length && counters.Failed == 0)
                    .Label($"counters agree: {counters}"))
                .And((counters.InFlight == 0 && counters.PeakInFlight <= bound)
                    .Label($"nothing in flight after close, peak within the bound {bound}: {counters}"));
        });
}
