namespace PooledMixIn.Benchmark.Servers;

/// <summary>
/// A server process and all its descendants, read from /proc: the workers of layers 3 and 5 are child processes,
/// and a design's cost is the cost of all of them.
/// </summary>
internal static class ProcessTree
{
    private static readonly long s_ticksPerSecond = Math.Max(1, Interop.Libc.SysConf(Interop.Libc.SC_CLK_TCK));

    /// <summary>The root and every live descendant (found by walking parent links over all of /proc).</summary>
    public static IReadOnlyList<ProcStat> Snapshot(int rootProcessId)
    {
        var all = new List<ProcStat>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out _) && TryRead(Path.Combine(directory, "stat"), out var stat))
            {
                all.Add(stat);
            }
        }

        return Descendants(all, rootProcessId);
    }

    /// <summary>The root (if present) and its descendants among <paramref name="all"/>.</summary>
    public static IReadOnlyList<ProcStat> Descendants(IReadOnlyList<ProcStat> all, int rootProcessId)
    {
        var children = all.ToLookup(s => s.ParentProcessId);
        var tree = all.Where(s => s.ProcessId == rootProcessId).ToList();
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(children[tree[i].ProcessId]);
        }

        return tree;
    }

    /// <summary>CPU time (user+sys) of the tree, reaped children included, so processes that ended still count.</summary>
    public static TimeSpan CpuTime(IReadOnlyList<ProcStat> tree) =>
        TimeSpan.FromSeconds((double)tree.Sum(s => s.TotalTicks) / s_ticksPerSecond);

    public static long ResidentBytes(IReadOnlyList<ProcStat> tree) => tree.Sum(s => s.ResidentPages) * Environment.SystemPageSize;

    /// <summary>Proportional set size summed over the tree: shared pages counted once overall, not once per process.</summary>
    public static long ProportionalBytes(IReadOnlyList<ProcStat> tree)
    {
        long total = 0;
        foreach (var process in tree)
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{process.ProcessId}/smaps_rollup"))
                {
                    if (line.StartsWith("Pss:", StringComparison.Ordinal))
                    {
                        total += long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
                        break;
                    }
                }
            }
            catch (IOException)
            {
                // The process ended between the snapshot and now.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return total;
    }

    /// <summary>Whether the process with this id is still the one we saw (its start time guards against a reused id).</summary>
    public static bool IsAlive(ProcStat seen) =>
        TryRead($"/proc/{seen.ProcessId}/stat", out var now) && now.StartTime == seen.StartTime && !now.HasEnded;

    private static bool TryRead(string path, out ProcStat stat)
    {
        try
        {
            return ProcStat.TryParse(File.ReadAllText(path), out stat);
        }
        catch (IOException)
        {
            stat = default; // it exited while we looked
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            stat = default;
            return false;
        }
    }
}
