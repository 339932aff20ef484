namespace PooledMixIn.Preforking;

/// <summary>
/// How long to wait before restarting a worker that died: nothing for the first death, then doubling from 100 ms up
/// to 10 s while it keeps dying young, so a worker that crashes at start cannot turn the parent into a fork bomb.
/// A worker that lived longer than <see cref="HealthyUptime"/> resets the count.
/// </summary>
internal sealed class RestartBackoff
{
    public static readonly TimeSpan HealthyUptime = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_first = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_max = TimeSpan.FromSeconds(10);

    private int _consecutiveEarlyDeaths;

    public TimeSpan NextDelay(TimeSpan uptime)
    {
        if (uptime >= HealthyUptime)
        {
            _consecutiveEarlyDeaths = 0;
            return TimeSpan.Zero;
        }

        var deaths = ++_consecutiveEarlyDeaths;
        var delay = s_first * Math.Pow(2, Math.Min(deaths - 1, 16));
        return delay < s_max ? delay : s_max;
    }
}
