using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

public sealed class PooledProcessProperties(PoolServers servers) : IClassFixture<PoolServers>
{
    private const int ClientThreads = 16;

    private static readonly Arbitrary<PoolCase> s_cases = Arb.From(Cases(), Shrink);

    /// <summary>Every strategy the headline property runs over, by its command-line name; one test checks it is all.</summary>
    internal static string[] Strategies { get; } = ["handoff", "handoff-batched", "shared-accept", "accept-lock", "epoll-exclusive", "reuseport"];

    private static Gen<PoolCase> Cases() =>
        from processes in Gen.Choose(1, 4)
        from threads in Gen.Elements(1, 4, 16)
        from strategy in Gen.Elements(Strategies)
        from connections in Connections()
        from seed in Gen.Choose(0, int.MaxValue)
        select new PoolCase(processes, threads, strategy, connections, seed);

    private static Gen<IReadOnlyList<ClientConnection>> Connections() =>
        from count in Gen.Choose(1, 120)
        from connections in (
            from requests in Gen.Frequency((3, Gen.Constant(1)), (2, Gen.Choose(2, 4)))
            from closeHeader in Gen.Elements(true, false)
            select new ClientConnection(requests, closeHeader)).ListOf(count)
        select (IReadOnlyList<ClientConnection>)[.. connections];

    /// <summary>Towards fewer connections, fewer requests on each, and a smaller pool: a counterexample one can read.</summary>
    private static IEnumerable<PoolCase> Shrink(PoolCase c)
    {
        if (c.Connections.Count > 1)
        {
            yield return c with { Connections = [.. c.Connections.Take(c.Connections.Count / 2)] };
            yield return c with { Connections = [.. c.Connections.Skip(1)] };
        }

        if (c.Connections.Any(connection => connection.Requests > 1))
        {
            yield return c with { Connections = [.. c.Connections.Select(connection => connection with { Requests = 1 })] };
        }

        if (c.Processes > 1)
        {
            yield return c with { Processes = c.Processes - 1 };
        }

        if (c.Threads > 1)
        {
            yield return c with { Threads = 1 };
        }
    }

    #region property-pool-exactly-once
    /// <summary>
    /// The headline invariant: for any pool shape and strategy, and any mix of clients that send one request per
    /// connection or several (keep-alive, closed by a header or by the client), every request is answered once,
    /// with its own payload, by a worker of this server, and the handlers' own record shows each served exactly
    /// once — none lost, none duplicated, none crossed; the pool's shared counters agree.
    /// </summary>
    [Property(MaxTest = 100)]
    public Property Every_request_is_served_exactly_once_with_its_own_payload_and_the_shared_counters_agree() =>
        Prop.ForAll(s_cases, c =>
        {
            var server = servers.For(c.Processes, c.Threads, c.Strategy);
            var before = server.Status();

            var answers = Concurrently.Run(c.Connections.Count, ClientThreads, i => Exchange(server, c, i));
            var after = server.Status();
            var sent = c.Paths.ToList();
            var served = server.ReadServedRecords($"/record/{c.Seed.ToString(CultureInfo.InvariantCulture)}/", sent.Count);
            var answered = answers.SelectMany(a => a).ToList();

            return (answered.Count == sent.Count && answered.All(a => a.Line.Uri == a.Sent))
                    .Label("every request answered, with its own payload")
                .And(served.Select(r => r.Uri).Order(StringComparer.Ordinal).SequenceEqual(sent.Order(StringComparer.Ordinal)))
                    .Label("the handlers served each request exactly once (their own record)")
                .And(answered.All(a => a.Line.ParentProcessId == server.Pid && server.Workers.Contains(a.Line.ProcessId)))
                    .Label("answered by a worker of this server")
                .And(answers.All(connection => connection.Select(a => (a.Line.ProcessId, a.Line.Thread)).Distinct().Count() == 1))
                    .Label("one connection, one pool thread")
                .And(after.Accepted - before.Accepted == c.Connections.Count + 1)
                    .Label("shared accepted counter = connections + the status request")
                .And(after.Failed == before.Failed && after.Lost == before.Lost)
                    .Label("nothing failed, no hand-off lost");
        });
    #endregion

    /// <summary>A strategy added to <see cref="AcceptStrategy"/> must join the headline property, by its command-line name.</summary>
    [Fact]
    public void The_headline_property_runs_over_every_accept_strategy()
    {
        // Command-line names are the enum's in lower case, with or without hyphens: shared-accept, reuseport.
        var covered = Strategies.Select(name => name.Replace("-", "", StringComparison.Ordinal));

        covered.Should().Contain(Enum.GetNames<AcceptStrategy>().Select(name => name.ToLowerInvariant()));
    }

    /// <summary>One client: its connection's requests in turn, each answer read before the next request is sent.</summary>
    private static List<(string Sent, DemoLine Line)> Exchange(PoolServer server, PoolCase c, int index)
    {
        var connection = c.Connections[index];
        using var client = RawHttpClient.Connect(server.Process.EndPoint);
        var answers = new List<(string, DemoLine)>();
        for (var request = 0; request < connection.Requests; request++)
        {
            var path = c.PathOf(index, request);
            var close = request == connection.Requests - 1 && connection.CloseHeader ? "Connection: close\r\n" : "";
            client.Send($"GET {path} HTTP/1.1\r\nHost: t\r\n{close}\r\n");
            answers.Add((path, DemoLine.Parse(client.ReadResponse().Text)));
        }

        return answers;
    }
}
