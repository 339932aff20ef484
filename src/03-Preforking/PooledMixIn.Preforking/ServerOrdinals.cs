namespace PooledMixIn.Preforking;

/// <summary>
/// Numbers the process-based servers a program creates, in creation order. A worker re-runs the program, creates
/// the same servers in the same order, and so finds the one it belongs to by number.
/// </summary>
internal static class ServerOrdinals
{
    private static int s_next;

    public static int Next() => Interlocked.Increment(ref s_next) - 1;
}
