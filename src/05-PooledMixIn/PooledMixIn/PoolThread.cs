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
    /// Records that this thread now serves a request, and its path, for the status page (<see cref="ServerStatusPage"/>)
    /// and hang detection: the row turns <see cref="ThreadActivity.Busy"/>, its clock restarting if it was reading or
    /// between kept-alive requests, and keeps the part of <paramref name="target"/> before any <c>?</c>, truncated to
    /// 100 bytes of UTF-8. The query is never kept, because anyone who may read the status page would read it, and
    /// queries carry tokens and personal data. In the thread-holding form this report is how the scoreboard learns
    /// that a request has begun: a handler that never calls it shows <em>reading</em> for its connection's first
    /// request and <em>keepalive</em> after, and is never taken for hung.
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
        if (slot.Activity != (int)ThreadActivity.Busy)
        {
            slot.ChangedAtUnixMilliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            slot.Activity = (int)ThreadActivity.Busy;
        }
    }

    /// <summary>On a pool thread, as it starts serving a connection: the row its handler's reports go to.</summary>
    internal static void BeginConnection(PoolState state, int worker, int thread) =>
        (t_state, t_worker, t_thread) = (state, worker, thread);

    #region pool-thread-end-request
    /// <summary>
    /// On a pool thread, when its handler has answered a request and keeps the connection for the next: counts the
    /// request and its duration, forgets its path, and marks the row <see cref="ThreadActivity.KeepAlive"/>, so that
    /// an idle kept-alive connection is never taken for a busy (or hung) thread.
    /// </summary>
    internal static void EndRequest()
    {
        if (t_state is { } state)
        {
            CountRequest(state, ThreadActivity.KeepAlive);
        }
    }

    /// <summary>
    /// On a pool thread, when its connection's handler is done: counts the request in progress, if any (none when
    /// the connection ended idle between kept-alive requests), forgets the path and marks the row closing.
    /// </summary>
    internal static void EndConnection()
    {
        if (t_state is not { } state)
        {
            return;
        }

        t_state = null;
        ref var slot = ref state.SlotOf(t_worker, t_thread);
        if (slot.Activity == (int)ThreadActivity.KeepAlive)
        {
            slot.Activity = (int)ThreadActivity.Closing;
            slot.ChangedAtUnixMilliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            return;
        }

        CountRequest(state, ThreadActivity.Closing);
    }

    /// <summary>
    /// Ends the row's request: one more for <see cref="ThreadSlot.Requests"/> (what <see cref="PooledProcessMixIn.MaxRequests"/>
    /// counts), its duration added to the shared histogram, then the row marked <paramref name="next"/>.
    /// </summary>
    private static void CountRequest(PoolState state, ThreadActivity next)
    {
        ref var slot = ref state.SlotOf(t_worker, t_thread);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var bucket = RequestDurations.BucketOf(now - slot.ChangedAtUnixMilliseconds);
        Interlocked.Increment(ref state.Durations[bucket].Value);
        Interlocked.Increment(ref slot.Requests);
        slot.PathLength = 0;
        slot.Activity = (int)next;
        slot.ChangedAtUnixMilliseconds = now;
    }
    #endregion
}
