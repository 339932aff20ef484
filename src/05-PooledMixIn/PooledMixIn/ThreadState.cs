namespace PooledMixIn;

/// <summary>
/// A scoreboard row as the status page names it, in Apache <c>mod_status</c>'s terms: <c>idle</c>, <c>reading</c>
/// (connected, request not yet known), <c>busy</c>, <c>closing</c> or <c>dead</c>.
/// </summary>
internal static class ThreadState
{
    public static string NameOf(in ThreadSlot row) => (ThreadActivity)row.Activity switch
    {
        ThreadActivity.Waiting or ThreadActivity.Accepting => "idle",
        ThreadActivity.Busy => row.PathLength == 0 ? "reading" : "busy",
        ThreadActivity.Closing => "closing",
        _ => "dead",
    };

    /// <summary>Apache's one-character key: <c>_</c> idle, <c>R</c> reading, <c>W</c> busy, <c>C</c> closing, <c>.</c> dead.</summary>
    public static char KeyOf(in ThreadSlot row) => NameOf(row) switch
    {
        "idle" => '_',
        "reading" => 'R',
        "busy" => 'W',
        "closing" => 'C',
        _ => '.',
    };

    /// <summary>How long the row has been reading or busy with its connection, in milliseconds; 0 otherwise.</summary>
    public static long BusyMilliseconds(in ThreadSlot row, long nowUnixMilliseconds) =>
        row.Activity == (int)ThreadActivity.Busy ? Math.Max(0, nowUnixMilliseconds - row.ChangedAtUnixMilliseconds) : 0;
}
