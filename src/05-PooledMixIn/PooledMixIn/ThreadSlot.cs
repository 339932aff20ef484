using System.Runtime.InteropServices;
using System.Text;
using PooledMixIn.Ipc;

namespace PooledMixIn;

/// <summary>
/// One pool thread's row of the scoreboard in shared memory (Apache's <c>worker_score</c>). Each thread writes only
/// its own row, so rows need no lock; readers in any process see a recent, possibly torn-between-fields, view — fine
/// for status. A row fills two cache lines of its own, so that threads marking their own rows (several times per
/// connection) never write to a line another thread writes too. When a worker exits by any means, the server process
/// marks its rows <see cref="ThreadActivity.Dead"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 2 * SharedMemoryLayout.CacheLineSize)]
public struct ThreadSlot
{
    /// <summary>The pid of the worker process the thread runs in; 0 before it started and after its worker exited.</summary>
    public int ProcessId;

    /// <summary>What the thread is doing: a <see cref="ThreadActivity"/> value.</summary>
    public int Activity;

    /// <summary>
    /// How many requests the thread has served: one per response on a kept-alive connection, as gunicorn's
    /// <c>max_requests</c> counts (requests pipelined back to back count as one).
    /// </summary>
    public long Requests;

    /// <summary>When <see cref="Activity"/> last changed, in Unix milliseconds.</summary>
    public long ChangedAtUnixMilliseconds;

    /// <summary>How many bytes of <see cref="PathBytes"/> are the path; 0 while none is known.</summary>
    internal int PathLength;

    /// <summary>The path (never the query) of the request the thread serves, as its handler reported it.</summary>
    internal ThreadSlotPath PathBytes;

    /// <summary>
    /// The path of the request the thread serves, as its handler reported it with <see cref="PoolThread.ReportPath"/>:
    /// only the path, never its query, its headers or its body, truncated to 100 bytes. Empty when the handler has not reported one (yet).
    /// </summary>
    public readonly string Path
    {
        get
        {
            var length = Math.Clamp(PathLength, 0, ThreadSlotPath.Capacity);
            return length == 0 ? "" : Encoding.UTF8.GetString(((ReadOnlySpan<byte>)PathBytes)[..length]);
        }
    }
}
