using System.Globalization;

namespace PooledMixIn.FaultInjection.Tests;

/// <summary>
/// What /proc says one process uses at one moment: CPU time, resident memory, open descriptors, threads. A process
/// that is gone reads as <see langword="null"/>.
/// </summary>
/// <param name="Pid">The process.</param>
/// <param name="CpuTicks">User plus system CPU time, in clock ticks (USER_HZ, 100 a second on Linux).</param>
/// <param name="RssKilobytes">Resident set size (VmRSS), in KiB.</param>
/// <param name="Descriptors">Entries in /proc/pid/fd.</param>
/// <param name="Threads">Entries in /proc/pid/task.</param>
internal sealed record ProcessSample(int Pid, long CpuTicks, long RssKilobytes, int Descriptors, int Threads)
{
    /// <summary>Clock ticks per second of /proc/pid/stat's times: USER_HZ, fixed at 100 in the Linux ABI.</summary>
    public const int TicksPerSecond = 100;

    /// <summary>Samples <paramref name="pid"/>, or returns <see langword="null"/> if it is gone.</summary>
    public static ProcessSample? Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // After the parenthesised command name: state is field 3, utime field 14, stime field 15 (proc(5)).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var cpu = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            var rss = File.ReadLines($"/proc/{pid}/status")
                .Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
                .Select(l => long.Parse(l["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
                .FirstOrDefault();
            return new ProcessSample(pid, cpu, rss,
                Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count(),
                Directory.EnumerateDirectories($"/proc/{pid}/task").Count());
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"pid {Pid}: {RssKilobytes / 1024.0:F1} MiB RSS, {Descriptors} fds, {Threads} threads, {CpuTicks} CPU ticks";
}
