namespace PooledMixIn;

/// <summary>
/// A scoreboard row as the status page names it, in Apache <c>mod_status</c>'s terms: <c>idle</c>, <c>reading</c>
/// (connected, request not yet known), <c>busy</c>, <c>keepalive</c> (between two requests of a kept-alive
/// connection), <c>closing</c> or <c>dead</c>.
/// </summary>
internal static class ThreadState
{
    /// <summary>Every name, in the order the status page counts them.</summary>
    public static readonly string[] Names = ["idle", "reading", "busy", "keepalive", "closing", "dead"];

    public static string NameOf(in ThreadSlot row) => (ThreadActivity)row.Activity switch
    {
        ThreadActivity.Waiting or ThreadActivity.Accepting => "idle",
        ThreadActivity.Reading => "reading",
        ThreadActivity.Busy => "busy",
        ThreadActivity.KeepAlive => "keepalive",
        ThreadActivity.Closing => "closing",
        _ => "dead",
    };

    /// <summary>
    /// Apache's one-character key: <c>_</c> idle, <c>R</c> reading, <c>W</c> busy, <c>K</c> keep-alive, <c>C</c>
    /// closing, <c>.</c> dead.
    /// </summary>
    public static char KeyOf(in ThreadSlot row) => NameOf(row) switch
    {
        "idle" => '_',
        "reading" => 'R',
        "busy" => 'W',
        "keepalive" => 'K',
        "closing" => 'C',
        _ => '.',
    };

    /// <summary>Whether the row holds a connection: reading, busy, between kept-alive requests or closing.</summary>
    public static bool HoldsConnection(in ThreadSlot row) => (ThreadActivity)row.Activity is
        ThreadActivity.Reading or ThreadActivity.Busy or ThreadActivity.KeepAlive or ThreadActivity.Closing;

    /// <summary>
    /// How long the row has been in its state while it holds a connection (reading, busy or between requests), in
    /// milliseconds; 0 otherwise. For a busy row that is how long its request has run.
    /// </summary>
    public static long BusyMilliseconds(in ThreadSlot row, long nowUnixMilliseconds) =>
        row.Activity is (int)ThreadActivity.Busy or (int)ThreadActivity.Reading or (int)ThreadActivity.KeepAlive
            ? Math.Max(0, nowUnixMilliseconds - row.ChangedAtUnixMilliseconds)
            : 0;

    /// <summary>How long the row's request has run if it is busy, in milliseconds; 0 otherwise: what hang detection reads.</summary>
    public static long RequestMilliseconds(in ThreadSlot row, long nowUnixMilliseconds) =>
        row.Activity == (int)ThreadActivity.Busy ? Math.Max(0, nowUnixMilliseconds - row.ChangedAtUnixMilliseconds) : 0;
}
