namespace PooledMixIn.LibraryExample;

/// <summary>The answer of <c>GET /cache/{key}</c>.</summary>
/// <param name="Key">The key asked for.</param>
/// <param name="Value">What the cache holds under it.</param>
/// <param name="Pid">The worker process that answered.</param>
internal sealed record CachedValue(string Key, string Value, int Pid);
