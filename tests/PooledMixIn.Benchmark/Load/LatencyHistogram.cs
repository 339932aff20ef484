using System.Numerics;

namespace PooledMixIn.Benchmark.Load;

/// <summary>
/// Latencies in microseconds, in fixed log-linear buckets as HdrHistogram keeps them: exact below 128 µs, then 64
/// buckets per power of two, so a percentile is never more than 1.6 % above the true value. Recording is an array
/// increment: no allocation per request, and one histogram per client loop needs no lock.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int ExactBits = 7;
    private const int ExactCount = 1 << ExactBits; // 0..127 µs recorded exactly
    private const int HalfCount = ExactCount / 2;  // then 64 buckets per power of two
    private const int MaxExponent = 40;            // up to 2^47 µs: far beyond any timeout

    private readonly long[] _counts = new long[ExactCount + (MaxExponent * HalfCount)];
    private long _sum;

    public long Count { get; private set; }

    public long Max { get; private set; }

    public long Min { get; private set; } = long.MaxValue;

    public double Mean => Count == 0 ? 0 : (double)_sum / Count;

    public void Record(long micros)
    {
        micros = Math.Max(0, micros);
        _counts[IndexOf(micros)]++;
        Count++;
        _sum += micros;
        Max = Math.Max(Max, micros);
        Min = Math.Min(Min, micros);
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        _sum += other._sum;
        Max = Math.Max(Max, other.Max);
        Min = Math.Min(Min, other.Min);
    }

    /// <summary>The nearest-rank percentile: the smallest recorded value (as its bucket's top) that at least <paramref name="percent"/> % of values do not exceed.</summary>
    public long ValueAtPercentile(double percent)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Clamp((long)Math.Ceiling(percent / 100 * Count), 1, Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Clamp(HighestEquivalentValue(i), Min, Max);
            }
        }

        return Max;
    }

    internal static int IndexOf(long value)
    {
        if (value < ExactCount)
        {
            return (int)value;
        }

        // Shift so that the top 7 bits remain: the mantissa is then in [64, 128).
        var exponent = Math.Min(MaxExponent, 63 - BitOperations.LeadingZeroCount((ulong)value) - (ExactBits - 1));
        var mantissa = Math.Min(ExactCount - 1, value >> exponent);
        return ExactCount + ((exponent - 1) * HalfCount) + (int)(mantissa - HalfCount);
    }

    internal static long HighestEquivalentValue(int index)
    {
        if (index < ExactCount)
        {
            return index;
        }

        var exponent = ((index - ExactCount) / HalfCount) + 1;
        long mantissa = ((index - ExactCount) % HalfCount) + HalfCount;
        return ((mantissa + 1) << exponent) - 1;
    }
}
