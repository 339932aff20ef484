using System.Net.Http.Json;

namespace PooledMixIn.AspNetCore.Tests;

/// <summary>Blocking JSON calls, for tests that drive clients from dedicated threads.</summary>
internal static class HttpClientExtensions
{
    public static T GetFromJson<T>(this HttpClient client, string path) =>
        client.GetFromJsonAsync<T>(path).GetAwaiter().GetResult()
        ?? throw new InvalidOperationException($"GET {path} answered null.");
}
