using System.Net;
using System.Text.RegularExpressions;
using PooledMixIn.TestSupport;

namespace PooledMixIn.Tests;

/// <summary>The generic host sample (PooledMixIn.Hosting): configured from its command line, stopped with SIGTERM.</summary>
public sealed partial class HostingTests
{
    private static readonly string s_path = ServerProcess.HelperPath(typeof(HostingTests).Assembly, "HostingDemoPath");

    [Fact]
    public void The_hosted_pool_serves_runs_the_apps_hosted_services_once_and_stops_on_sigterm_with_exit_code_0()
    {
        using var child = ChildProcess.StartDotnet(s_path, ["--port", "0", "--processes", "2", "--threads", "2"], TimeSpan.FromSeconds(120));
        var listening = ListeningLine().Match(child.WaitForLine(l => ListeningLine().IsMatch(l), TestTimeouts.Operation));
        var endPoint = IPEndPoint.Parse(listening.Groups["address"].Value);
        var serverPid = int.Parse(listening.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var workers = LinuxProcesses.ChildrenOf(serverPid);

        var answer = DemoLine.Parse(RawHttpClient.Get(endPoint, "/hosted").Text);
        Signals.Send(serverPid, Signals.Terminate);
        var exitCode = child.WaitForExit(TestTimeouts.Operation);

        serverPid.Should().Be(child.Id);
        workers.Should().HaveCount(2, "--processes 2 reached the options through the configuration section");
        answer.ParentProcessId.Should().Be(serverPid);
        answer.ProcessId.Should().BeOneOf(workers);
        exitCode.Should().Be(0);
        workers.Should().OnlyContain(pid => !LinuxProcesses.IsRunning(pid), "the workers stopped with the host");
        HeartbeatLine().Matches(child.Transcript).Select(m => m.Groups["pid"].Value).Should()
            .Equal([serverPid.ToString(System.Globalization.CultureInfo.InvariantCulture)], "the app's hosted service runs in the server process only");
    }

    [GeneratedRegex(@"Listening on http://(?<address>[0-9.]+:\d+)/ \(server pid (?<pid>\d+)\)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Heartbeat service started in pid (?<pid>\d+)")]
    private static partial Regex HeartbeatLine();
}
