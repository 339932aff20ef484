using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PooledMixIn.Docs.Tests;

/// <summary>
/// Layer 5's chapter shows the seed failing, run on its Python 3 port (docs/seed). Those failures are the chapter's
/// claims, so the port's scenarios run here and must each still show what the chapter says they show, and the
/// generated output the chapter includes must say where and when it came from.
/// </summary>
public sealed partial class SeedPortTests
{
    private static readonly string[] s_scenarios = ["hung-shutdown", "token-holder-killed", "idle-cliff", "lost-handoff"];

    // failures.py bounds every wait (a few seconds each, about 30 s in all); this only guards against a hang of its own.
    private static readonly TimeSpan s_runLimit = TimeSpan.FromSeconds(150);

    [Fact]
    public void The_seed_port_still_shows_each_failure_the_chapter_claims()
    {
        var (exitCode, output) = RunPython(Path.Combine(RepositoryLayout.Docs, "seed", "failures.py"), "seed");

        var verdicts = output.Split('\n').Where(line => line.Contains("shown: ", StringComparison.OrdinalIgnoreCase)).ToList();
        verdicts.Should().NotContain(line => line.Contains("NOT SHOWN", StringComparison.Ordinal), output);
        exitCode.Should().Be(0, "failures.py exits with the number of claims it did not show:\n{0}", output);
        foreach (var scenario in s_scenarios)
        {
            output.Should().Contain($"## {scenario}\n", "every scenario runs");
        }

        // One verdict per scenario, and two for the shutdown: by GET /shutdown and by Ctrl+C.
        verdicts.Should().HaveCount(s_scenarios.Length + 1, output);
        ProcessesRunningIn(Path.Combine(RepositoryLayout.Docs, "seed")).Should().BeEmpty("every server the scenarios start is killed, with its workers");
    }

    [Fact]
    public void The_included_seed_failures_are_labelled_with_a_commit_of_this_repository_and_a_load_average()
    {
        var include = File.ReadAllText(Path.Combine(RepositoryLayout.Docs, "includes", "seed-failures.md"));

        var label = Label().Match(include);
        label.Success.Should().BeTrue("the include's second line names its date, commit and load average:\n{0}", include[..Math.Min(400, include.Length)]);
        GitKnowsCommit(label.Groups["commit"].Value).Should().BeTrue("the include names a commit of this repository");
        foreach (var scenario in s_scenarios)
        {
            include.Should().Contain($"**{scenario}**", "the include shows every scenario");
        }
    }

    private static (int ExitCode, string Output) RunPython(params string[] arguments)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            if (!process.WaitForExit(s_runLimit))
            {
                throw new TimeoutException($"failures.py ran longer than {s_runLimit}");
            }
        }
        finally
        {
            // Its servers are its children and their workers its grandchildren: a tree kill leaves none behind.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }

        return (process.ExitCode, output.GetAwaiter().GetResult() + error.GetAwaiter().GetResult());
    }

    // The port's servers run in docs/seed (failures.py starts them there) and their workers inherit that directory,
    // so this finds them and nothing of anyone else's.
    private static List<int> ProcessesRunningIn(string directory)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                if (Directory.ResolveLinkTarget(Path.Combine(entry, "cwd"), returnFinalTarget: false)?.FullName == directory)
                {
                    found.Add(pid);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // It exited meanwhile, or is not ours to inspect.
            }
        }

        return found;
    }

    private static bool GitKnowsCommit(string commit)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = RepositoryLayout.Root, RedirectStandardError = true };
        foreach (var argument in new[] { "cat-file", "-e", commit + "^{commit}" })
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        git.StandardError.ReadToEnd();
        return git.WaitForExit(TimeSpan.FromSeconds(30)) && git.ExitCode == 0;
    }

    [GeneratedRegex(@"^Run on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC at commit `(?<commit>[0-9a-f]{7,40})[^`]*`; load average \d+\.\d+ ", RegexOptions.Multiline)]
    private static partial Regex Label();
}
