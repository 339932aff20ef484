using System.Globalization;

namespace PooledMixIn.Benchmark.Load;

/// <summary>
/// wrk, the outside client: Debian's <c>wrk</c> package, installed on first use when missing (as root, with apt-get),
/// run with the same connections, duration, path and connection mode as the project's own client.
/// </summary>
internal static class WrkClient
{
    /// <summary>wrk's path on <c>PATH</c>, installing Debian's package first if it is missing and this process may.</summary>
    /// <returns>The path, or <see langword="null"/> with the reason written to <paramref name="log"/>.</returns>
    public static async Task<string?> FindOrInstallAsync(TextWriter log, CancellationToken cancellation)
    {
        if (Find() is { } found)
        {
            return found;
        }

        if (Environment.UserName != "root" || Find("apt-get") is not { } aptGet)
        {
            log.WriteLine("wrk is not installed and cannot be installed from here (apt-get install wrk): its columns stay empty");
            return null;
        }

        log.WriteLine("installing wrk (apt-get install -y wrk)");
        if ((await BoundedCommand.RunAsync(aptGet, ["update", "-qq"], TimeSpan.FromMinutes(5), cancellation)).ExitCode != 0
            || (await BoundedCommand.RunAsync(aptGet, ["install", "-y", "-qq", "wrk"], TimeSpan.FromMinutes(5), cancellation)).ExitCode != 0)
        {
            log.WriteLine("apt-get could not install wrk: its columns stay empty");
        }

        return Find();
    }

    /// <summary>The command line for one load, as wrk takes it.</summary>
    public static IReadOnlyList<string> Arguments(LoadSettings settings)
    {
        var seconds = Math.Max(1, (int)Math.Round((settings.Duration ?? TimeSpan.FromSeconds(10)).TotalSeconds));
        var timeout = Math.Max(1, (int)Math.Ceiling(settings.Timeout.TotalSeconds));
        List<string> arguments =
        [
            "-t", Math.Min(2, settings.Clients).ToString(CultureInfo.InvariantCulture),
            "-c", settings.Clients.ToString(CultureInfo.InvariantCulture),
            "-d", seconds.ToString(CultureInfo.InvariantCulture) + "s",
            "--timeout", timeout.ToString(CultureInfo.InvariantCulture) + "s",
        ];
        if (!settings.KeepAlive)
        {
            arguments.AddRange(["-H", "Connection: close"]);
        }

        arguments.Add(settings.Url);
        return arguments;
    }

    /// <summary>Loads the server with wrk; <see langword="null"/> with the reason when wrk failed.</summary>
    public static async Task<(WrkResult? Result, string Output)> RunAsync(string wrk, LoadSettings settings, CancellationToken cancellation)
    {
        var limit = (settings.Duration ?? TimeSpan.FromSeconds(10)) + settings.Timeout + TimeSpan.FromSeconds(10);
        var (exitCode, output) = await BoundedCommand.RunAsync(wrk, Arguments(settings), limit, cancellation);
        return (exitCode == 0 ? WrkResult.Parse(output) : null, output);
    }

    private static string? Find(string name = "wrk") =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
