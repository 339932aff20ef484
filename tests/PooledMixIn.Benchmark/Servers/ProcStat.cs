using System.Globalization;

namespace PooledMixIn.Benchmark.Servers;

/// <summary>The fields of <c>/proc/PID/stat</c> the benchmark needs (proc(5)); CPU times in clock ticks.</summary>
internal readonly record struct ProcStat(
    int ProcessId,
    char State,
    int ParentProcessId,
    long UserTicks,
    long SystemTicks,
    long ReapedChildrenUserTicks,
    long ReapedChildrenSystemTicks,
    long StartTime,
    long ResidentPages)
{
    /// <summary>This process's CPU time plus that of the children it has reaped (which already include theirs).</summary>
    /// <summary>Whether it has ended and only waits to be reaped (a zombie holds no memory and runs no code).</summary>
    public bool HasEnded => State is 'Z' or 'X';

    public long TotalTicks => UserTicks + SystemTicks + ReapedChildrenUserTicks + ReapedChildrenSystemTicks;

    public static bool TryParse(string line, out ProcStat stat)
    {
        stat = default;

        // The command name (field 2) is in parentheses and may hold spaces or ')': split after the last ')'.
        var open = line.IndexOf('(', StringComparison.Ordinal);
        var close = line.LastIndexOf(')');
        if (open <= 0 || close < open
            || !int.TryParse(line.AsSpan(0, open).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
        {
            return false;
        }

        // Fields from 3 (state) on; field n is at index n - 3.
        var fields = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 22)
        {
            return false;
        }

        long Field(int number) => long.Parse(fields[number - 3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        stat = new ProcStat(processId, fields[0][0], (int)Field(4), Field(14), Field(15), Field(16), Field(17), Field(22), Field(24));
        return true;
    }
}
