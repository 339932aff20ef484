using System.Diagnostics;

namespace PooledMixIn.Preforking.Tests;

/// <summary>
/// A server started under nohup inherits SIGHUP ignored, and .NET keeps it so: HUP would not reload, silently. The
/// server process reads the kernel's mask to say so in its log.
/// </summary>
public sealed class ServerSignalsTests
{
    [Fact]
    public void Sighup_ignored_by_nohup_is_seen_in_the_kernels_mask_and_a_plain_start_is_not()
    {
        ServerSignals.HangupIgnored(StatusOf("nohup", "cat", "/proc/self/status")).Should().BeTrue();
        ServerSignals.HangupIgnored(StatusOf("cat", "/proc/self/status")).Should().BeFalse();
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
