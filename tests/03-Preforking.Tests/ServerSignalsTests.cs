using System.Diagnostics;

namespace PooledMixIn.Preforking.Tests;

/// <summary>
/// A server started with a signal ignored (nohup: HUP; a script's background job: INT and QUIT) keeps it ignored in
/// .NET, so it would silently not act on it. The server process reads the kernel's mask to say so in its log.
/// </summary>
public sealed class ServerSignalsTests
{
    [Fact]
    public void Sighup_ignored_by_nohup_is_seen_in_the_kernels_mask()
    {
        ServerSignals.IgnoredAtStart(StatusOf("nohup", "cat", "/proc/self/status")).Should().Contain("HUP");
        ServerSignals.IgnoredAtStart(StatusOf("cat", "/proc/self/status")).Should().NotContain("HUP");
    }

    [Fact]
    public void A_background_job_of_a_non_interactive_shell_has_int_and_quit_ignored()
    {
        // What `server &` in a script does: bash starts the job with SIGINT and SIGQUIT ignored.
        var status = StatusOf("sh", "-c", "cat /proc/self/status & wait");

        ServerSignals.IgnoredAtStart(status).Should().Contain(["INT", "QUIT"]).And.NotContain("TERM");
    }

    /// <summary>The /proc status a short-lived child reports about itself.</summary>
    private static string[] StatusOf(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit(10_000).Should().BeTrue();
        return output.Split('\n');
    }
}
