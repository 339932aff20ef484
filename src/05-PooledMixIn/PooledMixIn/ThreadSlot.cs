using System.Runtime.InteropServices;
using PooledMixIn.Ipc;

namespace PooledMixIn;

/// <summary>
/// One pool thread's row of the scoreboard in shared memory. Each thread writes only its own row, so rows need no
/// lock; readers in any process see a recent, possibly torn-between-fields, view — fine for status. A row fills a
/// cache line, so that threads marking their own rows (twice per connection) never write to a line another thread
/// writes too. When a worker exits by any means, the server process marks its rows <see cref="ThreadActivity.Dead"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = SharedMemoryLayout.CacheLineSize)]
public struct ThreadSlot
{
    /// <summary>The pid of the worker process the thread runs in; 0 before it started and after its worker exited.</summary>
    public int ProcessId;

    /// <summary>What the thread is doing: a <see cref="ThreadActivity"/> value.</summary>
    public int Activity;

    /// <summary>How many connections the thread has served.</summary>
    public long Requests;

    /// <summary>When <see cref="Activity"/> last changed, in Unix milliseconds.</summary>
    public long ChangedAtUnixMilliseconds;
}
