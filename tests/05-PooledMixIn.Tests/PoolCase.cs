namespace PooledMixIn.Tests;

/// <summary>
/// One case of the headline property: a pool shape and strategy, and the connections its clients open, each
/// carrying one or more requests. A seed makes every request's path unique across cases.
/// </summary>
public sealed record PoolCase(int Processes, int Threads, string Strategy, IReadOnlyList<ClientConnection> Connections, int Seed)
{
    /// <summary>Every request of the case, as the path its client sends.</summary>
    public IEnumerable<string> Paths =>
        Connections.SelectMany((connection, c) => Enumerable.Range(0, connection.Requests).Select(r => PathOf(c, r)));

    /// <summary>The path of request <paramref name="request"/> on connection <paramref name="connection"/>.</summary>
    public string PathOf(int connection, int request) => $"/record/{Seed}/{connection}/{request}";

    /// <summary>A readable counterexample: the shape, then each connection as its request count and how it ends.</summary>
    public override string ToString() =>
        $"{Processes} x {Threads} {Strategy}, seed {Seed}, {Connections.Count} connections [{string.Join(' ', Connections)}]";
}
