using System.Globalization;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// How long and how hard the suite runs. The defaults keep it within a few minutes on two cores, as CI needs; the
/// environment variables make the long versions (docs/articles/testing.md):
/// <c>FAULT_SOAK_MINUTES=10 FAULT_FUZZ_CASES=20000 FAULT_FLOOD_CONNECTIONS=20000 dotnet test tests/FaultInjection.Tests -c Release</c>.
/// </summary>
internal static class FaultSettings
{
    /// <summary>How long the soak keeps the server under load (default 20 s).</summary>
    public static TimeSpan SoakDuration => TimeSpan.FromMinutes(Read("FAULT_SOAK_MINUTES", 20.0 / 60));

    /// <summary>How many mutated requests the fuzzer sends (default 300).</summary>
    public static int FuzzCases => (int)Read("FAULT_FUZZ_CASES", 300);

    /// <summary>How many garbage connections the flood opens (default 3000).</summary>
    public static int FloodConnections => (int)Read("FAULT_FLOOD_CONNECTIONS", 3000);

    private static double Read(string name, double fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text
            ? double.Parse(text, CultureInfo.InvariantCulture)
            : fallback;
}
