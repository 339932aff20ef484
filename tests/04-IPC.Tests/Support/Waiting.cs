namespace PooledMixIn.Ipc.Tests;

/// <summary>Waits for a condition another thread or process makes true, with a deadline (no fixed sleeps).</summary>
internal static class Waiting
{
    internal static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Spins (then yields) until <paramref name="condition"/> holds; fails the test after <see cref="Patience"/>.</summary>
    internal static void Until(Func<bool> condition, string what) =>
        SpinWait.SpinUntil(condition, Patience).Should().BeTrue($"{what} within {Patience.TotalSeconds} s");
}
