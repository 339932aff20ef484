using System.Runtime.InteropServices;

namespace PooledMixIn;

/// <summary>
/// One pool thread's row of the scoreboard in shared memory. Each thread writes only its own row, so rows need no
/// lock; readers in any process see a recent, possibly torn-between-fields, view — fine for status.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ThreadSlot
{
    /// <summary>The pid of the worker process the thread runs in; 0 before it started.</summary>
    public int ProcessId;

    /// <summary>What the thread is doing: a <see cref="ThreadActivity"/> value.</summary>
    public int Activity;

    /// <summary>How many connections the thread has served.</summary>
    public long Requests;

    /// <summary>When <see cref="Activity"/> last changed, in Unix milliseconds.</summary>
    public long ChangedAtUnixMilliseconds;
}
