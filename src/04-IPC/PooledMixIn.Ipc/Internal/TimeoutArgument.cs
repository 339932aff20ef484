namespace PooledMixIn.Ipc;

/// <summary>Validates and converts wait timeouts the way the BCL's waits do.</summary>
internal static class TimeoutArgument
{
    /// <summary>Converts a <see cref="TimeSpan"/> to milliseconds: -1 ms is infinite, anything else must be 0..int.MaxValue ms.</summary>
    internal static int ToMilliseconds(TimeSpan timeout, string parameterName)
    {
        long milliseconds = (long)timeout.TotalMilliseconds;
        if (milliseconds is < -1 or > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(parameterName, timeout, "The timeout must be Timeout.InfiniteTimeSpan or between 0 and Int32.MaxValue milliseconds.");
        }

        return (int)milliseconds;
    }

    /// <summary>Throws unless <paramref name="millisecondsTimeout"/> is -1 (infinite) or non-negative.</summary>
    internal static void Validate(int millisecondsTimeout, string parameterName)
    {
        if (millisecondsTimeout < Timeout.Infinite)
        {
            throw new ArgumentOutOfRangeException(parameterName, millisecondsTimeout, "The timeout must be -1 (infinite) or non-negative.");
        }
    }
}
