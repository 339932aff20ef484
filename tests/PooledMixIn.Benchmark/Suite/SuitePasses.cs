using System.Globalization;

namespace PooledMixIn.Benchmark.Suite;

/// <summary>What each <see cref="SuitePass"/> asks of the client, and how reports name it.</summary>
internal static class SuitePasses
{
    /// <summary>Whether the client keeps its connection open between requests.</summary>
    public static bool KeepsAlive(this SuitePass pass) => pass == SuitePass.KeepAlive;

    /// <summary>The path every request of the pass asks for.</summary>
    public static string RequestPath(this SuitePass pass, int sleepMilliseconds) =>
        pass == SuitePass.SlowHandler ? "/sleep/" + sleepMilliseconds.ToString(CultureInfo.InvariantCulture) : "/bench";

    /// <summary>A few words for logs and chart titles.</summary>
    public static string Describe(this SuitePass pass, int sleepMilliseconds) => pass switch
    {
        SuitePass.KeepAlive => "keep-alive",
        SuitePass.SlowHandler => string.Create(CultureInfo.InvariantCulture, $"slow handler (GET /sleep/{sleepMilliseconds}), new connection per request"),
        _ => "new connection per request",
    };

    /// <summary>The pass's heading in the reports.</summary>
    public static string Title(this SuitePass pass, int sleepMilliseconds) => pass switch
    {
        SuitePass.KeepAlive => "Keep-alive connections",
        SuitePass.SlowHandler => string.Create(CultureInfo.InvariantCulture, $"A slow handler: GET /sleep/{sleepMilliseconds} blocks its thread {sleepMilliseconds} ms, new connection per request"),
        _ => "New connection per request (as siege measured the seed)",
    };
}
