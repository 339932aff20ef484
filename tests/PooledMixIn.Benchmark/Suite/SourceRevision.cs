using System.Diagnostics;

namespace PooledMixIn.Benchmark.Suite;

/// <summary>
/// Which code was measured: the repository's commit, and whether the working tree had changes to code on top. Changes
/// under <c>docs/</c> do not count: they are what <c>--docs</c> writes, and a sweep run after a suite would otherwise
/// label its figures as measured on uncommitted code.
/// </summary>
internal static class SourceRevision
{
    public static string Describe(string repositoryRoot)
    {
        var commit = Git(repositoryRoot, "rev-parse", "--short=12", "HEAD");
        if (commit is null)
        {
            return "unknown (no git)";
        }

        var changes = Git(repositoryRoot, "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)docs");
        return string.IsNullOrEmpty(changes) ? commit : commit + " with uncommitted changes";
    }

    private static string? Git(string directory, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            using var git = Process.Start(startInfo);
            if (git is null)
            {
                return null;
            }

            var output = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            if (!git.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                git.Kill();
                return null;
            }

            return git.ExitCode == 0 ? output.Result.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
