namespace PooledMixIn;

/// <summary>
/// The request-duration histogram every pool thread of every worker adds to in shared memory: a count per bucket,
/// so the server process can publish one histogram for the whole pool. The bounds are milliseconds, roughly
/// 1-2-5 per decade, as OpenTelemetry's default explicit buckets are.
/// </summary>
internal static class RequestDurations
{
    /// <summary>The buckets' upper bounds in milliseconds; a last bucket takes everything longer.</summary>
    public static readonly double[] UpperBounds = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000];

    /// <summary>How many buckets there are: one per bound, and one beyond the last.</summary>
    public static int BucketCount => UpperBounds.Length + 1;

    /// <summary>The bucket a request of <paramref name="milliseconds"/> falls into.</summary>
    public static int BucketOf(double milliseconds)
    {
        var index = Array.BinarySearch(UpperBounds, milliseconds);
        return index >= 0 ? index : ~index;
    }

    /// <summary>The value the server process records for each request counted in <paramref name="bucket"/>: its upper bound (the last bucket's lower).</summary>
    public static double ValueOf(int bucket) => UpperBounds[Math.Min(bucket, UpperBounds.Length - 1)];
}
