using System.Diagnostics;

namespace PooledMixIn.TestSupport;

/// <summary>
/// Waits for a condition that the system will make true on its own but signals nowhere a test can wait on (a
/// process disappearing from /proc, a zombie being reaped). It re-checks the condition every 10 ms — the wait ends
/// as soon as the condition holds, not after a fixed time — and fails with a message when the deadline passes.
/// </summary>
public static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds, for at most <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">It did not hold in time.</exception>
    public static void Until(Func<bool> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {clock.Elapsed.TotalSeconds:F1} s for: {what}.");
            }

            Thread.Sleep(10); // sync-ok: re-checks a condition the kernel offers no notification for
        }
    }
}
