using System.Text.Unicode;

namespace PooledMixIn;

/// <summary>
/// What a handler running on a pool thread can tell the pool's scoreboard about the request it serves. Calls made on
/// any other thread (a handler run by another server, a test) do nothing.
/// </summary>
public static class PoolThread
{
    // Three fields rather than one object, so that marking a connection allocates nothing.
    [ThreadStatic]
    private static PoolState? t_state;

    [ThreadStatic]
    private static int t_worker;

    [ThreadStatic]
    private static int t_thread;

    /// <summary>
    /// Records the path of the request this thread now serves, for the status page (<see cref="ServerStatusPage"/>):
    /// the part of <paramref name="target"/> before any <c>?</c>, truncated to 100 bytes of UTF-8. The query is never
    /// kept, because anyone who may read the status page would read it, and queries carry tokens and personal data.
    /// </summary>
    /// <param name="target">The request target, as the request line gave it.</param>
    public static void ReportPath(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (t_state is not { } state)
        {
            return;
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? target.AsSpan(0, query) : target.AsSpan();
        ref var slot = ref state.SlotOf(t_worker, t_thread);
        slot.PathLength = 0; // a reader meanwhile sees no path rather than half of two
        _ = Utf8.FromUtf16(path, slot.PathBytes, out _, out var written); // stops, whole characters only, when full
        slot.PathLength = written;
    }

    /// <summary>On a pool thread, as it starts serving a connection: the row its handler's reports go to.</summary>
    internal static void BeginConnection(PoolState state, int worker, int thread) =>
        (t_state, t_worker, t_thread) = (state, worker, thread);

    /// <summary>
    /// On a pool thread, when its connection's handler is done: marks the row closing, forgets the path and adds the
    /// connection's duration to the shared histogram.
    /// </summary>
    internal static void EndConnection()
    {
        if (t_state is not { } state)
        {
            return;
        }

        t_state = null;
        ref var slot = ref state.SlotOf(t_worker, t_thread);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var bucket = RequestDurations.BucketOf(now - slot.ChangedAtUnixMilliseconds);
        Interlocked.Increment(ref state.Durations[bucket].Value);
        slot.PathLength = 0;
        slot.Activity = (int)ThreadActivity.Closing;
        slot.ChangedAtUnixMilliseconds = now;
    }
}
