namespace PooledMixIn.Threading.Tests.Support;

/// <summary>One generated run: a mix-in, its bound, and what each client sends.</summary>
/// <param name="Kind">Which mix-in.</param>
/// <param name="Bound">ThreadCount of the pool; MaxThreads of ThreadingMixIn, where 0 means no bound.</param>
/// <param name="Payloads">One payload per client, any bytes.</param>
public sealed record HandOffScenario(MixInKind Kind, int Bound, byte[][] Payloads)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Kind}, bound {Bound}, {Payloads.Length} clients, payload sizes [{string.Join(",", Payloads.Select(p => p.Length))}]";
}
