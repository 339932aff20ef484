using System.Runtime.InteropServices;

namespace PooledMixIn.Benchmark.Suite;

/// <summary>The machine a run was made on, stated with its results so a reader can weigh them.</summary>
/// <remarks>
/// The load average is read when the first measurement starts (after the builds) and when the run ends: client and
/// servers share the cores with whatever else runs, and a busy machine lowers every figure (the ratios within one run
/// suffer less).
/// </remarks>
internal sealed record MachineInfo(string Cpu, int Cores, string OperatingSystem, string Kernel, string Runtime, DateTimeOffset Date, string LoadAverage)
{
    /// <summary>The commit of the code measured.</summary>
    public string Revision { get; init; } = "unknown";

    /// <summary>The load average when the run ended; empty until it has.</summary>
    public string LoadAverageAtEnd { get; init; } = "";

    /// <summary>The 1, 5 and 15 minute load averages, as <c>/proc/loadavg</c> has them.</summary>
    public static string ReadLoadAverage() => string.Join(' ', (ReadFirstLine("/proc/loadavg") ?? "").Split(' ').Take(3));

    public static MachineInfo Collect() => new(
        ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        ReadOsRelease() ?? RuntimeInformation.OSDescription,
        ReadFirstLine("/proc/sys/kernel/osrelease") ?? "unknown",
        RuntimeInformation.FrameworkDescription,
        DateTimeOffset.UtcNow,
        ReadLoadAverage());

    private static string? ReadField(string path, string name)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static string? ReadOsRelease()
    {
        const string Key = "PRETTY_NAME=";
        var line = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith(Key, StringComparison.Ordinal))
            : null;
        return line?[Key.Length..].Trim('"');
    }

    private static string? ReadFirstLine(string path) => File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;
}
